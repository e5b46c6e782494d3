// /api/embeddings: word2vec vectors. Train a set on a corpus (a `word2vec.train` job; follow it
// at /api/jobs/<id>/events), list and delete sets, download one (.bin or .txt), and query one:
// neighbours, analogies, and the most frequent words with their 2-D PCA projection and vectors
// (the page runs UMAP on those in the browser); import a set trained in the browser; stop a
// training early, keeping what it has learned.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Workspace } from '../workspace.ts';
import { parseOrThrow } from '../validate.ts';
import { UserError } from '../errors.ts';
import { jsonBody } from './tokenizers.ts';
import { checkWord2VecConfig, defaultWord2VecConfig, fromWord2VecBinary, pca2, toWord2VecBinary, toWord2VecText, Word2VecError } from '../../src/models/word2vec/index.ts';
import { writeFileAtomic } from '../storage/atomic.ts';
import type { Word2VecJobParams } from '../word2vec/train-job.ts';
import { word2vecThreads } from '../gpu/wasm-threads.ts';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not an id');
const word = z.string().min(1).max(200);

const trainSchema = z.object({
  name: z.string().trim().min(1).max(100),
  corpusId: idSchema,
  arch: z.enum(['sg', 'cbow']).default('cbow'),
  loss: z.enum(['ns', 'hs']).default('ns'),
  dim: z.number().int().min(1).max(1000).default(100),
  window: z.number().int().min(1).max(50).default(5),
  negative: z.number().int().min(1).max(50).default(5),
  minCount: z.number().int().min(1).default(5),
  sample: z.number().min(0).lt(1).default(1e-3),
  alpha: z.number().positive().max(1).optional(),
  epochs: z.number().int().min(1).max(100).default(5),
  threads: z.number().int().min(1).max(16).optional(),
  seed: z.number().int().default(1),
});

const IMPORT_LIMIT = 512 * 1024 * 1024;
const importSchema = z.object({
  name: z.string().trim().min(1).max(100),
  corpusId: idSchema,
  config: z.record(z.string(), z.unknown()),
  stats: z.object({ seconds: z.number().optional(), effectiveWordsPerSec: z.number().optional(), lossPerEpoch: z.array(z.number()).optional() }),
  bin: z.string().min(1),
});

const wrap = <T>(f: () => T): T => {
  try {
    return f();
  } catch (err) {
    if (err instanceof Word2VecError) throw new UserError(400, err.message);
    throw err;
  }
};

export function embeddingsRoutes(ws: Workspace): Hono {
  const store = ws.vectors;
  return new Hono()
    .get('/vectors', (c) => c.json({ vectors: store.list() }))
    .get('/vectors/:id', (c) => c.json(store.get(parseOrThrow(idSchema, c.req.param('id')))))
    .post('/vectors', async (c) => {
      const body = parseOrThrow(trainSchema, await jsonBody(c));
      const corpus = ws.corpora.find(body.corpusId);
      if (!corpus || corpus.id !== body.corpusId) throw new UserError(404, `no corpus with id "${body.corpusId}"`);
      if (store.nameTaken(body.name)) throw new UserError(409, `word vectors named "${body.name}" already exist; choose another name`);
      const { name, corpusId, threads, ...config } = body;
      wrap(() => checkWord2VecConfig({ ...defaultWord2VecConfig, ...config }));
      const id = store.newId();
      const params: Word2VecJobParams = { id, name, corpusId, textPath: ws.corpora.textPath(corpus.id), labelled: corpus.kind === 'labelled', config, threads: threads ?? word2vecThreads(), out: store.file(id) };
      return c.json(ws.jobs.start('word2vec.train', params), 202);
    })
    .post('/vectors/import', bodyLimit({ maxSize: IMPORT_LIMIT, onError: (cx) => cx.json({ error: `the upload is over the limit of ${IMPORT_LIMIT} bytes` }, 413) }), async (c) => {
      const body = parseOrThrow(importSchema, await jsonBody(c));
      const corpus = ws.corpora.find(body.corpusId);
      if (!corpus || corpus.id !== body.corpusId) throw new UserError(404, `no corpus with id "${body.corpusId}"`);
      if (store.nameTaken(body.name)) throw new UserError(409, `word vectors named "${body.name}" already exist; choose another name`);
      const bytes = new Uint8Array(Buffer.from(body.bin, 'base64'));
      const kv = wrap(() => fromWord2VecBinary(bytes)); // checked whole before anything is stored
      const id = store.newId();
      writeFileAtomic(store.file(id), bytes);
      return c.json(store.add({ id, name: body.name, corpusId: corpus.id, config: body.config, vocabSize: kv.words.length, dim: kv.dim, stats: body.stats }), 201);
    })
    .post('/jobs/:jobId/stop', (c) => {
      // Ends a training early: the job keeps what it has learned and stores it as a set.
      const job = ws.jobs.get(parseOrThrow(idSchema, c.req.param('jobId')));
      if (job.kind !== 'word2vec.train') throw new UserError(404, `job "${job.id}" is not a word2vec training`);
      return c.json(ws.jobs.requestStop(job.id));
    })
    .delete('/vectors/:id', (c) => {
      store.remove(parseOrThrow(idSchema, c.req.param('id')));
      return c.body(null, 204);
    })
    .get('/vectors/:id/download', (c) => {
      const v = store.get(parseOrThrow(idSchema, c.req.param('id')));
      const kv = store.load(v.id);
      const text = c.req.query('format') === 'txt';
      c.header('Content-Disposition', `attachment; filename="${v.name.replace(/[^\w.-]+/g, '-')}.${text ? 'txt' : 'bin'}"`);
      return text ? c.text(toWord2VecText(kv)) : c.body(new Uint8Array(toWord2VecBinary(kv)), 200, { 'Content-Type': 'application/octet-stream' });
    })
    .post('/vectors/:id/similar', async (c) => {
      const kv = store.load(parseOrThrow(idSchema, c.req.param('id')));
      const body = parseOrThrow(z.object({ word, topn: z.number().int().min(1).max(100).default(10) }), await jsonBody(c));
      return c.json({ neighbours: wrap(() => kv.mostSimilar(body.word, body.topn)) });
    })
    .post('/vectors/:id/analogy', async (c) => {
      const kv = store.load(parseOrThrow(idSchema, c.req.param('id')));
      const body = parseOrThrow(z.object({ a: word, b: word, c: word, method: z.enum(['add', 'mul']).default('add'), topn: z.number().int().min(1).max(50).default(5) }), await jsonBody(c));
      return c.json({ answers: wrap(() => kv.analogy(body.a, body.b, body.c, body.method, body.topn)) });
    })
    .get('/vectors/:id/top', (c) => {
      const kv = store.load(parseOrThrow(idSchema, c.req.param('id')));
      const n = Math.min(kv.words.length, Math.max(2, Number(c.req.query('n') ?? 300) || 300));
      const rows = kv.unit.subarray(0, n * kv.dim);
      return c.json({ words: kv.words.slice(0, n), dim: kv.dim, pca: Array.from(pca2(rows, n, kv.dim)), vectors: Array.from(rows) });
    });
}
