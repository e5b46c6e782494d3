// Stopping a word2vec training job early (POST /api/jobs/<id>/stop, the one stop of every kind):
// the job ends as done with the vectors learned so far stored as a set and only the epochs it
// finished; a job no longer running, or an unknown one, is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './helpers.ts';
import { plantedCorpus } from '../../src/models/word2vec/planted.ts';

let t: TestServer;
let corpusId: string;

beforeAll(() => {
  t = testServer();
  corpusId = t.workspace.corpora.add({ name: 'planted', bytes: new TextEncoder().encode(plantedCorpus().text) }).id;
});
afterAll(() => t.cleanup());

interface JobJson { id: string; kind: string; status: string; progress: { fraction: number } | null; error: string | null; result: { vectors: { id: string; stats: { lossPerEpoch: number[] } } } | null }
const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
const job = async (id: string) => (await (await t.app.request(`/api/jobs/${id}`)).json()) as JobJson;

async function until(id: string, ok: (j: JobJson) => boolean): Promise<JobJson> {
  for (;;) {
    const j = await job(id);
    if (ok(j)) return j;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('stopping a word2vec training', () => {
  it('keeps what the job has learned and only its finished epochs', async () => {
    const res = await post('/api/embeddings/vectors', { name: 'stopped', corpusId, loss: 'hs', arch: 'sg', dim: 20, minCount: 1, sample: 0, epochs: 100, threads: 2 });
    const { id } = ((await res.json()) as { job: { id: string } }).job;
    await until(id, (j) => (j.progress?.fraction ?? 0) > 0.01);
    const stop = await post(`/api/jobs/${id}/stop`, {});
    expect(stop.status).toBe(200);
    const done = await until(id, (j) => j.status !== 'running');
    expect(done.status, done.error ?? '').toBe('done');
    const epochs = done.result!.vectors.stats.lossPerEpoch;
    expect(epochs.length).toBeGreaterThan(0);
    expect(epochs.length).toBeLessThan(100);
    const { vectors } = (await (await t.app.request('/api/embeddings/vectors')).json()) as { vectors: { id: string; name: string }[] };
    expect(vectors.map((v) => v.name)).toEqual(['stopped']);
    expect((await post(`/api/jobs/${id}/stop`, {})).status).toBe(409);
    expect((await post('/api/jobs/j-nope/stop', {})).status).toBe(404);
  });
});
