// /api/fewshot: start a few-shot run (POST /runs) or a k-shot sweep on a labelled corpus
// (POST /sweeps) as jobs (202 { job }; follow, stop and read the result under /api/jobs/<id>),
// and the library's presets (GET /presets). Leaves out storing runs: a job's result is the record.
import { Hono } from 'hono';
import type { Workspace } from '../../workspace.ts';
import { jsonBody } from '../../http/body.ts';
import { fewshotPresetsResponse, fewshotRunRequestSchema, fewshotSweepRequestSchema } from '../../../src/contract/fewshot.ts';

export function fewshotRoutes(ws: Workspace): Hono {
  return new Hono()
    .get('/presets', (c) => c.json(fewshotPresetsResponse()))
    .post('/runs', async (c) => c.json({ job: ws.jobs.start('fewshot.run', await jsonBody(c, fewshotRunRequestSchema)) }, 202))
    .post('/sweeps', async (c) => c.json({ job: ws.jobs.start('fewshot.sweep', await jsonBody(c, fewshotSweepRequestSchema)) }, 202));
}
