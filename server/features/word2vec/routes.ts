// /api/embeddings: word2vec vectors. Train a set on a corpus (a `word2vec.train` job: follow and
// stop it under /api/jobs/<id>), list and delete sets, download one (.bin or .txt), and query
// one: neighbours, analogies, and the most frequent words with their 2-D PCA projection and
// vectors (the page runs UMAP on those in the browser); import a set trained in the browser.
import { Hono } from 'hono';
import type { Workspace } from '../../workspace.ts';
import { idParam, jsonBody } from '../../http/body.ts';
import { fromBase64 } from '../../http/uploads.ts';
import { UserError } from '../../errors.ts';
import { checkWord2VecConfig, defaultWord2VecConfig, fromWord2VecBinary, pca2, toWord2VecBinary, toWord2VecText } from '../../../src/models/word2vec/index.ts';
import { analogyRequestSchema, importVectorsRequestSchema, similarRequestSchema, trainVectorsRequestSchema } from '../../../src/contract/word2vec.ts';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { word2vecThreads } from '../../gpu/wasm-threads.ts';

export function embeddingsRoutes(ws: Workspace): Hono {
  const store = ws.vectors;
  const nameFree = (name: string) => {
    if (store.nameTaken(name)) throw new UserError(409, `word vectors named "${name}" already exist; choose another name`);
  };
  return new Hono()
    .get('/vectors', (c) => c.json({ vectors: store.list() }))
    .get('/vectors/:id', (c) => c.json(store.get(idParam(c))))
    .post('/vectors', async (c) => {
      const { name, corpusId, threads, ...config } = await jsonBody(c, trainVectorsRequestSchema);
      ws.corpora.require(corpusId);
      nameFree(name);
      checkWord2VecConfig({ ...defaultWord2VecConfig, ...config });
      const job = ws.jobs.start('word2vec.train', { vectorsId: store.newId(), name, corpusId, config, threads: threads ?? word2vecThreads() });
      return c.json({ job }, 202);
    })
    .post('/vectors/import', async (c) => {
      const body = await jsonBody(c, importVectorsRequestSchema);
      const corpus = ws.corpora.require(body.corpusId);
      nameFree(body.name);
      const bytes = fromBase64(body.bin);
      const kv = fromWord2VecBinary(bytes); // checked whole before anything is stored
      const id = store.newId();
      writeFileAtomic(store.file(id), bytes);
      return c.json(store.add({ id, name: body.name, corpusId: corpus.id, config: body.config, vocabSize: kv.words.length, dim: kv.dim, stats: body.stats }), 201);
    })
    .delete('/vectors/:id', (c) => {
      store.remove(idParam(c));
      return c.body(null, 204);
    })
    .get('/vectors/:id/download', (c) => {
      const v = store.get(idParam(c));
      const kv = store.load(v.id);
      const text = c.req.query('format') === 'txt';
      c.header('Content-Disposition', `attachment; filename="${v.name.replace(/[^\w.-]+/g, '-')}.${text ? 'txt' : 'bin'}"`);
      return text ? c.text(toWord2VecText(kv)) : c.body(new Uint8Array(toWord2VecBinary(kv)), 200, { 'Content-Type': 'application/octet-stream' });
    })
    .post('/vectors/:id/similar', async (c) => {
      const kv = store.load(idParam(c));
      const body = await jsonBody(c, similarRequestSchema);
      return c.json({ neighbours: kv.mostSimilar(body.word, body.topn) });
    })
    .post('/vectors/:id/analogy', async (c) => {
      const kv = store.load(idParam(c));
      const body = await jsonBody(c, analogyRequestSchema);
      return c.json({ answers: kv.analogy(body.a, body.b, body.c, body.method, body.topn) });
    })
    .get('/vectors/:id/top', (c) => {
      const asked = topCount(c.req.query('n'));
      const kv = store.load(idParam(c));
      const n = Math.min(kv.words.length, asked);
      const rows = kv.unit.subarray(0, n * kv.dim);
      return c.json({ words: kv.words.slice(0, n), dim: kv.dim, pca: Array.from(pca2(rows, n, kv.dim)), vectors: Array.from(rows) });
    });
}

/** The most words the projection endpoint answers with (PCA and the vectors go out as JSON). */
export const MAX_TOP_WORDS = 5000;

/** `?n=` of /top: a whole number from 2 to MAX_TOP_WORDS (default 300), else a 400 naming the range. */
function topCount(raw: string | undefined): number {
  if (raw === undefined) return 300;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2 || n > MAX_TOP_WORDS) throw new UserError(400, `n must be a whole number from 2 to ${MAX_TOP_WORDS}, got "${raw.slice(0, 20)}"`);
  return n;
}
