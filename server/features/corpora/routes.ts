// /api/corpora: list, show, text, upload (multipart: `file`, optional `name` and `description`),
// delete. The upload's size limit is the feature table's (the configured max upload size).
import { Hono } from 'hono';
import type { CorpusStore } from './store.ts';
import { idParam, parseOrThrow } from '../../http/body.ts';
import { UserError } from '../../errors.ts';
import { corpusUploadFieldsSchema } from '../../../src/contract/corpora.ts';

/** Room for the multipart envelope around the file itself. */
export const MULTIPART_OVERHEAD = 64 * 1024;

export function defaultCorpusName(fileName: string): string {
  const base = fileName.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\.[^.]*$/, '').trim();
  return base.length > 0 ? base.slice(0, 100) : 'corpus';
}

export function corporaRoutes(store: CorpusStore): Hono {
  return new Hono()
    .get('/', (c) => c.json({ corpora: store.list() }))
    .get('/:id', (c) => c.json(store.get(idParam(c))))
    .get('/:id/text', (c) => {
      const id = store.require(idParam(c)).id;
      return c.body(store.text(id), 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    })
    .post('/', async (c) => {
      if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
        throw new UserError(415, 'expected a multipart/form-data body with the text in field "file"');
      }
      const form = await c.req.parseBody().catch(() => {
        throw new UserError(400, 'malformed multipart/form-data body');
      });
      if (!(form.file instanceof File)) throw new UserError(400, 'invalid field "file": expected a file upload in field "file"');
      const fields = parseOrThrow(corpusUploadFieldsSchema, { name: form.name, description: form.description });
      const corpus = store.add({
        name: fields.name ?? defaultCorpusName(form.file.name),
        description: fields.description,
        bytes: new Uint8Array(await form.file.arrayBuffer()),
      });
      return c.json(corpus, 201);
    })
    .delete('/:id', (c) => {
      store.remove(idParam(c));
      return c.body(null, 204);
    });
}
