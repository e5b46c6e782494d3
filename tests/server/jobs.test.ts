import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { testServer, type TestServer } from './helpers.ts';

const COUNT_JOB = fileURLToPath(new URL('../fixtures/jobs/count-job.ts', import.meta.url));

let t: TestServer;
beforeAll(() => {
  t = testServer(1024, {
    count: { module: COUNT_JOB, complete: (r) => ({ ...(r as object), stored: true }) },
    unrecordable: { module: COUNT_JOB, progress: () => { throw new Error('SQLITE_FULL: database or disk is full'); } },
  });
});
afterAll(() => t.cleanup());

interface SseEvent {
  event: string;
  data: unknown;
}

async function readEvents(res: Response): Promise<SseEvent[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.trim().length > 0)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

describe('job runner', () => {
  it('runs a job in a worker thread and streams its progress over SSE', async () => {
    const job = t.workspace.jobs.start('count', { n: 5, delayMs: 20 });
    expect(job.status).toBe('running');
    const res = await t.app.request(`/api/jobs/${job.id}/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = await readEvents(res);
    expect(events[0]!.event).toBe('state');
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as { progress: { step: number }; events: { step: number }[] });
    expect(progress.flatMap((p) => p.events.map((e) => e.step))).toEqual([1, 2, 3, 4, 5]); // every report, in order
    for (const p of progress) expect(p.progress).toEqual(p.events.at(-1)); // `progress`: the latest of its batch
    expect(events.at(-1)).toEqual({ event: 'done', data: { result: { total: 15, stored: true } } });
    const stored = (await (await t.app.request(`/api/jobs/${job.id}`)).json()) as { status: string; result: unknown };
    expect(stored).toMatchObject({ status: 'done', result: { total: 15, stored: true } });
  });

  it('records a failure with its message', async () => {
    const job = t.workspace.jobs.start('count', { n: 5, delayMs: 5, failAt: 3 });
    const events = await readEvents(await t.app.request(`/api/jobs/${job.id}/events`));
    expect(events.at(-1)).toEqual({ event: 'failed', data: { error: 'failed at step 3 as asked' } });
    expect(t.workspace.jobs.get(job.id)).toMatchObject({ status: 'failed', error: 'failed at step 3 as asked' });
  });

  it('stops a running job (POST /api/jobs/<id>/stop terminates a kind without a graceful stop)', async () => {
    const job = t.workspace.jobs.start('count', { n: 1000, delayMs: 10 });
    const eventsPromise = Promise.resolve(t.app.request(`/api/jobs/${job.id}/events`)).then(readEvents);
    await new Promise((r) => setTimeout(r, 200));
    const res = await t.app.request(`/api/jobs/${job.id}/stop`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('cancelled');
    const events = await eventsPromise;
    expect(events.at(-1)!.event).toBe('cancelled');
    const again = await t.app.request(`/api/jobs/${job.id}/stop`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('answers a finished job\'s stream with its state alone, and 404 for an unknown job', async () => {
    const [done] = t.workspace.jobs.list().filter((j) => j.status === 'done');
    const events = await readEvents(await t.app.request(`/api/jobs/${done!.id}/events`));
    expect(events).toHaveLength(1);
    expect(events[0]!.event).toBe('state');
    expect((await t.app.request('/api/jobs/j-nope')).status).toBe(404);
  });

  it('coalesces a burst of reports into a few progress events that still carry every report', async () => {
    const job = t.workspace.jobs.start('count', { n: 2000, delayMs: 0, burst: true });
    const events = await readEvents(await t.app.request(`/api/jobs/${job.id}/events`));
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as { events: { step: number }[] });
    expect(progress.length).toBeLessThan(200);
    expect(progress.flatMap((p) => p.events.map((e) => e.step))).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(t.workspace.jobs.get(job.id).progress).toEqual({ step: 2000, of: 2000 });
  });

  it('lists jobs of one kind, deletes a finished one, and refuses to resume a kind that cannot', async () => {
    const list = (await (await t.app.request('/api/jobs?kind=gpt.train')).json()) as { jobs: unknown[] };
    expect(list.jobs).toEqual([]);
    expect((await t.app.request('/api/jobs?kind=nope')).status).toBe(400);
    const [done] = t.workspace.jobs.list().filter((j) => j.status === 'done');
    const resume = await t.app.request(`/api/jobs/${done!.id}/resume`, { method: 'POST' });
    expect(resume.status).toBe(409);
    expect(((await resume.json()) as { error: string }).error).toMatch(/cannot be resumed/);
    expect((await t.app.request(`/api/jobs/${done!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request(`/api/jobs/${done!.id}`)).status).toBe(404);
    const running = t.workspace.jobs.start('count', { n: 1000, delayMs: 10 });
    expect((await t.app.request(`/api/jobs/${running.id}`, { method: 'DELETE' })).status).toBe(409);
    t.workspace.jobs.stop(running.id);
  });

  it('fails a job whose progress cannot be recorded, with the reason, and keeps serving', async () => {
    const job = t.workspace.jobs.start('unrecordable', { n: 1000, delayMs: 5 });
    const events = await readEvents(await t.app.request(`/api/jobs/${job.id}/events`));
    expect(events.at(-1)!.event).toBe('failed');
    expect(t.workspace.jobs.get(job.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not record the job's progress: SQLITE_FULL/) });
    expect((await t.app.request('/api/jobs')).status).toBe(200);
  });

  it('refuses an unknown job kind', () => {
    expect(() => t.workspace.jobs.start('nope', {})).toThrow(/unknown job kind "nope"/);
  });
});
