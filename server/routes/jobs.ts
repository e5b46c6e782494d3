// /api/jobs: list and show jobs, stop one, and follow one as Server-Sent Events: a `state` event
// with the job as it is now, then `progress` events, then one of `done`, `failed`, `cancelled`.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { JobEvent, JobRunner } from '../jobs/runner.ts';
import { parseOrThrow } from '../validate.ts';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a job id');

export function jobsRoutes(jobs: JobRunner): Hono {
  return new Hono()
    .get('/', (c) => c.json({ jobs: jobs.list() }))
    .get('/:id', (c) => c.json(jobs.get(parseOrThrow(idSchema, c.req.param('id')))))
    .post('/:id/cancel', (c) => c.json(jobs.cancel(parseOrThrow(idSchema, c.req.param('id')))))
    .get('/:id/events', (c) => {
      const id = parseOrThrow(idSchema, c.req.param('id'));
      const job = jobs.get(id);
      return streamSSE(c, async (stream) => {
        const queue: JobEvent[] = [];
        let wake: (() => void) | undefined;
        const unsubscribe = jobs.subscribe(id, (e) => {
          queue.push(e);
          wake?.();
        });
        stream.onAbort(() => {
          unsubscribe();
          wake?.();
        });
        await stream.writeSSE({ event: 'state', data: JSON.stringify(job) });
        let open = job.status === 'running';
        while (open && !stream.aborted) {
          if (queue.length === 0) await new Promise<void>((r) => (wake = r));
          for (const e of queue.splice(0)) {
            const { type, ...rest } = e;
            await stream.writeSSE({ event: type, data: JSON.stringify(rest) });
            if (type !== 'progress') open = false;
          }
        }
        unsubscribe();
      });
    });
}
