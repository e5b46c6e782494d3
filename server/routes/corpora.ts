// /api/corpora: list, show, upload (multipart: `file`, optional `name` and `description`), delete.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { CorpusStore } from '../corpora/corpus-store.ts';
import { parseOrThrow } from '../validate.ts';
import { UserError } from '../errors.ts';

/** Room for the multipart envelope around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const uploadSchema = z.object({
  file: z.instanceof(File, { message: 'expected a file upload in field "file"' }),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')
    .refine(noControl, 'must not contain control characters').optional(),
  description: z.string().max(2000, 'must be at most 2000 characters').optional(),
});

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a corpus id');

export function defaultCorpusName(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/, '').trim();
  return base.length > 0 ? base.slice(0, 100) : 'corpus';
}

export function corporaRoutes(store: CorpusStore): Hono {
  const limitMb = (store.maxUploadBytes / 1024 / 1024).toFixed(0);
  return new Hono()
    .get('/', (c) => c.json({ corpora: store.list() }))
    .get('/:id', (c) => c.json(store.get(parseOrThrow(idSchema, c.req.param('id')))))
    .get('/:id/text', (c) => {
      const id = parseOrThrow(idSchema, c.req.param('id'));
      store.get(id);
      return c.body(store.text(id), 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    })
    .post(
      '/',
      bodyLimit({
        maxSize: store.maxUploadBytes + MULTIPART_OVERHEAD,
        onError: (c) => c.json({ error: `upload is over the limit of ${limitMb} MB` }, 413),
      }),
      async (c) => {
        if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
          throw new UserError(415, 'expected a multipart/form-data body with the text in field "file"');
        }
        const form = await c.req.parseBody().catch(() => {
          throw new UserError(400, 'malformed multipart/form-data body');
        });
        const body = parseOrThrow(uploadSchema, form);
        const bytes = new Uint8Array(await body.file.arrayBuffer());
        const corpus = store.add({
          name: body.name ?? defaultCorpusName(body.file.name),
          description: body.description,
          bytes,
        });
        return c.json(corpus, 201);
      },
    )
    .delete('/:id', (c) => {
      store.remove(parseOrThrow(idSchema, c.req.param('id')));
      return c.body(null, 204);
    });
}
