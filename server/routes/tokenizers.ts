// /api/tokenizers (list, show, train as a job, download tokenizer.json, delete) and
// /api/tokenize, /api/detokenize (text ⇄ ids with any stored tokenizer or GPT-2).
import { Hono } from 'hono';
import { z } from 'zod';
import type { Workspace } from '../workspace.ts';
import { parseOrThrow } from '../validate.ts';
import { UserError } from '../errors.ts';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a tokenizer id');
export const DEFAULT_SPECIALS = ['<|endoftext|>'];

const trainSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters'),
    corpusId: idSchema,
    mode: z.enum(['byte', 'word']).default('byte'),
    vocabSize: z.number().int().min(1).max(200_000).optional(),
    merges: z.number().int().min(1).max(200_000).optional(),
    specialTokens: z.array(z.string().min(1).max(50)).max(20).default(DEFAULT_SPECIALS),
  })
  .refine((b) => (b.vocabSize === undefined) !== (b.merges === undefined), {
    message: 'give exactly one of vocabSize and merges',
    path: ['vocabSize'],
  });

const tokenizeSchema = z.object({
  tokenizer: idSchema,
  text: z.string().max(1_000_000, 'must be at most 1,000,000 characters'),
  allowSpecial: z.boolean().default(true),
});

const detokenizeSchema = z.object({
  tokenizer: idSchema,
  ids: z.array(z.number().int().min(0)).max(1_000_000),
});

/** The request body as JSON, or a 400 that says it is not JSON. */
export async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new UserError(400, 'invalid field "body": expected a JSON object');
  }
}

export function tokenizersRoutes(ws: Workspace): Hono {
  const store = ws.tokenizers;
  return new Hono()
    .get('/', (c) => c.json({ tokenizers: store.list() }))
    .get('/:id', (c) => c.json(store.get(parseOrThrow(idSchema, c.req.param('id')))))
    .get('/:id/tokenizer.json', (c) => {
      const id = parseOrThrow(idSchema, c.req.param('id'));
      c.header('Content-Disposition', `attachment; filename="tokenizer.json"`);
      return c.body(store.json(id), 200, { 'Content-Type': 'application/json' });
    })
    .post('/', async (c) => {
      const body = parseOrThrow(trainSchema, await jsonBody(c));
      const corpus = ws.corpora.find(body.corpusId);
      if (!corpus || corpus.id !== body.corpusId) throw new UserError(404, `no corpus with id "${body.corpusId}"`);
      if (store.nameTaken(body.name)) throw new UserError(409, `a tokenizer named "${body.name}" already exists; choose another name`);
      const minVocab = 256 + body.specialTokens.length;
      if (body.mode === 'byte' && body.vocabSize !== undefined && body.vocabSize < minVocab) {
        throw new UserError(400, `invalid field "vocabSize": ${body.vocabSize} is below the byte alphabet (256) plus ${body.specialTokens.length} special tokens = ${minVocab}`);
      }
      const job = ws.jobs.start('tokenizer.train', {
        name: body.name,
        corpusId: corpus.id,
        textPath: ws.corpora.textPath(corpus.id),
        labelled: corpus.kind === 'labelled',
        mode: body.mode,
        vocabSize: body.vocabSize,
        merges: body.merges,
        specialTokens: body.specialTokens,
      });
      return c.json(job, 202);
    })
    .delete('/:id', (c) => {
      store.remove(parseOrThrow(idSchema, c.req.param('id')));
      return c.body(null, 204);
    });
}

export function tokenizeRoutes(ws: Workspace): Hono {
  return new Hono()
    .post('/tokenize', async (c) => {
      const body = parseOrThrow(tokenizeSchema, await jsonBody(c));
      const tok = ws.tokenizers.load(body.tokenizer);
      return c.json(tok.encode(body.text, { allowSpecial: body.allowSpecial }));
    })
    .post('/detokenize', async (c) => {
      const body = parseOrThrow(detokenizeSchema, await jsonBody(c));
      const tok = ws.tokenizers.load(body.tokenizer);
      const bad = body.ids.find((id) => id >= tok.vocabSize);
      if (bad !== undefined) throw new UserError(400, `invalid field "ids": id ${bad} is outside the vocabulary (size ${tok.vocabSize})`);
      return c.json({ text: tok.decode(body.ids) });
    });
}
