// /api/tokenizers (list, show, train as a job, download tokenizer.json, delete) and
// /api/tokenize, /api/detokenize (text ⇄ ids with any stored tokenizer or GPT-2).
import { Hono } from 'hono';
import type { Workspace } from '../../workspace.ts';
import { idParam, jsonBody } from '../../http/body.ts';
import { UserError } from '../../errors.ts';
import { detokenizeRequestSchema, tokenizeRequestSchema, trainTokenizerRequestSchema } from '../../../src/contract/tokenizers.ts';

export function tokenizersRoutes(ws: Workspace): Hono {
  const store = ws.tokenizers;
  return new Hono()
    .get('/', (c) => c.json({ tokenizers: store.list() }))
    .get('/:id', (c) => c.json(store.get(idParam(c))))
    .get('/:id/tokenizer.json', (c) => {
      const json = store.json(idParam(c));
      c.header('Content-Disposition', `attachment; filename="tokenizer.json"`);
      return c.body(json, 200, { 'Content-Type': 'application/json' });
    })
    .post('/', async (c) => {
      const body = await jsonBody(c, trainTokenizerRequestSchema);
      ws.corpora.require(body.corpusId);
      if (store.nameTaken(body.name)) throw new UserError(409, `a tokenizer named "${body.name}" already exists; choose another name`);
      const minVocab = 256 + body.specialTokens.length;
      if (body.mode === 'byte' && body.vocabSize !== undefined && body.vocabSize < minVocab) {
        throw new UserError(400, `invalid field "vocabSize": ${body.vocabSize} is below the byte alphabet (256) plus ${body.specialTokens.length} special tokens = ${minVocab}`);
      }
      return c.json({ job: ws.jobs.start('tokenizer.train', body) }, 202);
    })
    .delete('/:id', (c) => {
      store.remove(idParam(c));
      return c.body(null, 204);
    });
}

export function tokenizeRoutes(ws: Workspace): Hono {
  return new Hono()
    .post('/tokenize', async (c) => {
      const body = await jsonBody(c, tokenizeRequestSchema);
      const tok = ws.tokenizers.load(body.tokenizer);
      return c.json(tok.encode(body.text, { allowSpecial: body.allowSpecial }));
    })
    .post('/detokenize', async (c) => {
      const body = await jsonBody(c, detokenizeRequestSchema);
      const tok = ws.tokenizers.load(body.tokenizer);
      const bad = body.ids.find((id) => id >= tok.vocabSize);
      if (bad !== undefined) throw new UserError(400, `invalid field "ids": id ${bad} is outside the vocabulary (size ${tok.vocabSize})`);
      return c.json({ text: tok.decode(body.ids) });
    });
}
