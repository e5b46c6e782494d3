// /api/embeddings on a real data dir: vectors trained as a job on an uploaded corpus are stored
// and answer neighbour, analogy and projection queries and download as word2vec binary; bad
// requests get a 400 naming the field, a min-count that leaves nothing fails the job with the
// reason, and nothing is stored for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './helpers.ts';
import { plantedCorpus } from '../../src/models/word2vec/planted.ts';
import { fromWord2VecBinary } from '../../src/models/word2vec/format.ts';

let t: TestServer;
let corpusId: string;
const planted = plantedCorpus();

beforeAll(() => {
  t = testServer();
  corpusId = t.workspace.corpora.add({ name: 'planted', bytes: new TextEncoder().encode(planted.text) }).id;
});
afterAll(() => t.cleanup());

const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

async function finished(jobId: string): Promise<{ status: string; error: string | null; result: { vectors: { id: string } } }> {
  for (;;) {
    const job = (await (await t.app.request(`/api/jobs/${jobId}`)).json()) as { status: string; error: string | null; result: { vectors: { id: string } } };
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('/api/embeddings', () => {
  it('trains, stores and queries vectors', async () => {
    const res = await post('/api/embeddings/vectors', { name: 'planted sg', corpusId, arch: 'sg', dim: 20, minCount: 1, sample: 0, epochs: 10, threads: 2 });
    expect(res.status).toBe(202);
    const job = await finished(((await res.json()) as { job: { id: string } }).job.id);
    expect(job.status, job.error ?? '').toBe('done');
    const id = job.result.vectors.id;
    const { vectors } = (await (await t.app.request('/api/embeddings/vectors')).json()) as { vectors: { id: string; vocabSize: number; dim: number; stats: { lossPerEpoch: number[] } }[] };
    expect(vectors[0]).toMatchObject({ id, dim: 20 });
    expect(vectors[0]!.stats.lossPerEpoch).toHaveLength(10);
    const { answers } = (await (await post(`/api/embeddings/vectors/${id}/analogy`, { a: 'country0', b: 'capital0', c: 'country4' })).json()) as { answers: { word: string }[] };
    expect(answers[0]!.word).toBe('capital4');
    const { neighbours } = (await (await post(`/api/embeddings/vectors/${id}/similar`, { word: 'country4', topn: 3 })).json()) as { neighbours: { word: string; score: number }[] };
    expect(neighbours).toHaveLength(3);
    const top = (await (await t.app.request(`/api/embeddings/vectors/${id}/top?n=30`)).json()) as { words: string[]; pca: number[]; vectors: number[]; dim: number };
    expect(top.words).toHaveLength(30);
    expect(top.pca).toHaveLength(60);
    expect(top.vectors).toHaveLength(600);
    const bin = new Uint8Array(await (await t.app.request(`/api/embeddings/vectors/${id}/download`)).arrayBuffer());
    expect(fromWord2VecBinary(bin).words.length).toBe(vectors[0]!.vocabSize);
    const unknown = await post(`/api/embeddings/vectors/${id}/similar`, { word: 'atlantis' });
    expect(unknown.status).toBe(400);
    expect((await t.app.request(`/api/embeddings/vectors/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request(`/api/embeddings/vectors/${id}`)).status).toBe(404);
  });

  it('refuses bad requests and stores nothing for them', async () => {
    for (const [body, status, msg] of [
      [{ name: 'x', corpusId, dim: 0 }, 400, /"dim"/],
      [{ name: 'x', corpusId: 'nope' }, 404, /no corpus/],
      [{ name: 'x', corpusId, arch: 'glove' }, 400, /"arch"/],
    ] as const) {
      const r = await post('/api/embeddings/vectors', body);
      expect(r.status).toBe(status);
      expect(((await r.json()) as { error: string }).error).toMatch(msg);
    }
    const r = await post('/api/embeddings/vectors', { name: 'too rare', corpusId, minCount: 1_000_000 });
    const job = await finished(((await r.json()) as { job: { id: string } }).job.id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/min-count 1000000 leaves no vocabulary/);
    expect(((await (await t.app.request('/api/embeddings/vectors')).json()) as { vectors: unknown[] }).vectors).toHaveLength(0);
  });
});
