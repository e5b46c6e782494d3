// /api/jobs: list (optionally of one kind), show, stop, resume and delete any job, and follow one
// as Server-Sent Events: a `state` event with the job as it is now, then `progress` events (at
// most ~10 a second, each with the latest report and every report since the last event), then
// one of `done`, `failed`, `cancelled`. Shapes: src/contract/jobs.ts.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { JobEvent, JobRunner } from '../../jobs/runner.ts';
import { idParam, query } from '../../http/body.ts';
import { jobListQuerySchema } from '../../../src/contract/jobs.ts';

export function jobsRoutes(jobs: JobRunner): Hono {
  return new Hono()
    .get('/', (c) => c.json({ jobs: jobs.list({ kind: query(c, jobListQuerySchema).kind }) }))
    .get('/:id', (c) => c.json(jobs.get(idParam(c))))
    .post('/:id/stop', (c) => c.json(jobs.stop(idParam(c))))
    .post('/:id/resume', (c) => c.json({ job: jobs.resume(idParam(c)) }, 202))
    .delete('/:id', (c) => {
      jobs.remove(idParam(c));
      return c.body(null, 204);
    })
    .get('/:id/events', (c) => {
      const id = idParam(c);
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
