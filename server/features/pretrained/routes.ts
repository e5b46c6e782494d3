// /api/pretrained: list, show, add (the browser uploads a folder's files; a path on the server
// machine is never taken from a request), remove, compare models on one text, and one model's
// attention maps (worker threads load and run them). Leaves out hub pulls from the browser (the CLI's pull).
import { Hono } from 'hono';
import type { Workspace } from '../../workspace.ts';
import { idParam, jsonBody } from '../../http/body.ts';
import { fromBase64 } from '../../http/uploads.ts';
import { UserError } from '../../errors.ts';
import { addPretrainedRequestSchema, compareRequestSchema } from '../../../src/contract/pretrained.ts';
import { attentionRequestSchema, type AttentionResponse } from '../../../src/contract/gpt.ts';
import { pretrainedStore } from './store.ts';
import { resolveModelFolder } from '../models/resolve.ts';
import { compareInWorker, inWorker } from './compare-worker-client.ts';

export const PRETRAINED_UPLOAD_BYTES = 700 * 1024 * 1024;

export function pretrainedRoutes(ws: Workspace): Hono {
  const store = pretrainedStore(ws);
  const spec = (s: string) => {
    if (!/^[\w.@/-]{1,200}$/.test(s)) throw new UserError(400, 'invalid field "model": not a model id or name');
    return s;
  };
  return new Hono()
    .get('/', (c) => c.json({ models: store.list() }))
    .get('/:model{.+}', (c) => c.json({ model: store.get(spec(c.req.param('model'))) }))
    .post('/', async (c) => {
      const body = await jsonBody(c, addPretrainedRequestSchema);
      const files = Object.fromEntries(Object.entries(body.files).map(([n, b64]) => [n, fromBase64(b64)]));
      return c.json({ model: await store.addFiles(files, body.name) }, 201);
    })
    .delete('/:model{.+}', (c) => c.json({ removed: store.remove(spec(c.req.param('model'))) }))
    .post('/compare', async (c) => {
      const body = await jsonBody(c, compareRequestSchema);
      const ctx = { gptRuns: ws.gptRuns, pretrained: store };
      const models = body.models.map((m) => ({ spec: m, ...resolveModelFolder(m, ctx) }));
      return c.json(await compareInWorker({ request: body, models }));
    })
    .post('/:id/attention', async (c) => {
      const m = store.get(idParam(c));
      const { text } = await jsonBody(c, attentionRequestSchema);
      return c.json(await inWorker<AttentionResponse>('./attention-worker.ts', { folder: store.dir(m.id), label: m.name, text }));
    });
}
