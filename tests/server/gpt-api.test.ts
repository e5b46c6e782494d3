// /api/gpt on a real SQLite data dir: a tiny server run trains in a worker thread to the end
// with its metric series stored; sampling, attention (rows sum to 1, zero above the diagonal)
// and the tar download work on its weights; stop (POST /api/jobs/<jobId>/stop) saves a resumable
// checkpoint and resume (POST /api/jobs/<jobId>/resume) continues from it; a restart lists a run that was training as interrupted and resumable;
// bad requests get a 400 naming the field and store nothing; browser runs can be imported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../server/workspace.ts';
import { createApp } from '../../server/app.ts';
import { testServer, type TestServer } from './helpers.ts';
import { createCpuBackend } from '../../src/tensor/index.ts';
import { charCodecFromText } from '../../src/tokenizers/codec.ts';
import { presetConfig } from '../../src/models/gpt/config.ts';
import { GptRun } from '../../src/training/gpt-run.ts';
import { defaultTrainConfig } from '../../src/training/gpt-train-config.ts';

let t: TestServer;
let corpusId: string;
const TEXT = 'the quick brown fox jumps over the lazy dog. '.repeat(80);
const tinyModel = { preset: 'baby', nLayer: 1, nHead: 2, nEmbd: 16, contextLength: 16 };

beforeAll(() => {
  t = testServer();
  corpusId = t.workspace.corpora.add({ name: 'foxes', bytes: new TextEncoder().encode(TEXT) }).id;
});
afterAll(() => t.cleanup());

const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
const json = async <T>(r: Response | Promise<Response>) => (await (await r).json()) as T;
interface RunJson { id: string; status: string; stepsDone: number; resumable: boolean; jobId: string; bestValLoss: number | null; backend: string }
/** The run a start answer's job trains. */
const runOf = async (r: Response | Promise<Response>) => ({ id: (await json<{ job: { params: { runId: string } } }>(r)).job.params.runId });

async function until(id: string, ok: (r: RunJson) => boolean, timeoutMs = 60_000): Promise<RunJson> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await json<{ run: RunJson }>(t.app.request(`/api/gpt/runs/${id}`));
    if (ok(run)) return run;
    if (Date.now() > end) throw new Error(`run ${id} stuck: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('/api/gpt', () => {
  it('trains a server run to the end and serves samples, attention and the folder', async () => {
    const res = await post('/api/gpt/runs', { name: 'fox', corpusId, model: tinyModel, train: { steps: 20, evalEvery: 10, batchSize: 4, evalBatches: 1, sampleTokens: 8 }, backend: 'cpu' });
    expect(res.status).toBe(202);
    const run = await runOf(res);
    const done = await until(run.id, (r) => r.status === 'done');
    expect(done.stepsDone).toBe(20);
    expect(done.backend).toMatch(/cpu/);
    expect(done.bestValLoss).toBeGreaterThan(0);
    const { metrics } = await json<{ metrics: { step: number; loss: number | null; valLoss: number | null; sample: string | null }[] }>(t.app.request(`/api/gpt/runs/${run.id}`));
    expect(metrics.filter((m) => m.loss !== null)).toHaveLength(20);
    expect(metrics.filter((m) => m.valLoss !== null).map((m) => m.step)).toEqual([10, 20]);
    expect(metrics.at(-1)!.sample!.length).toBeGreaterThan(8);

    const s = await json<{ text: string }>(post(`/api/gpt/runs/${run.id}/sample`, { prompt: 'the ', maxNewTokens: 12, temperature: 0 }));
    expect(s.text).toHaveLength(12);
    const a = await json<{ tokens: string[]; layers: number; heads: number; maps: number[][][] }>(post(`/api/gpt/runs/${run.id}/attention`, { text: 'the lazy dog' }));
    expect(a.tokens).toHaveLength(12);
    expect([a.layers, a.heads]).toEqual([1, 2]);
    const map = a.maps[0]![1]!;
    for (let i = 0; i < 12; i++) {
      expect(map.slice(i * 12, i * 12 + 12).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      for (let j = i + 1; j < 12; j++) expect(map[i * 12 + j]).toBe(0);
    }
    const bad = await post(`/api/gpt/runs/${run.id}/sample`, { prompt: 'ZZZ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/"Z".*not in this model's vocabulary/);

    const tar = await t.app.request(`/api/gpt/runs/${run.id}/download`);
    expect(tar.headers.get('content-type')).toBe('application/x-tar');
    const bytes = new Uint8Array(await tar.arrayBuffer());
    const names = [0, 1, 2].map(() => '');
    let off = 0;
    for (let i = 0; i < 3; i++) {
      names[i] = new TextDecoder().decode(bytes.subarray(off, off + 100)).replace(/\0.*$/s, '');
      const size = parseInt(new TextDecoder().decode(bytes.subarray(off + 124, off + 135)), 8);
      off += 512 + Math.ceil(size / 512) * 512;
    }
    expect(names.sort()).toEqual(['fox/config.json', 'fox/model.safetensors', 'fox/tokenizer.json']);
  });

  it('stops a run with a checkpoint and resumes it from there', async () => {
    const run = await runOf(post('/api/gpt/runs', { name: 'long', corpusId, model: tinyModel, train: { steps: 100000, evalEvery: 1000, batchSize: 2, evalBatches: 1 }, backend: 'cpu' }));
    const training = await until(run.id, (r) => r.stepsDone >= 3);
    const stop = await post(`/api/jobs/${training.jobId}/stop`, {});
    expect(stop.status).toBe(200);
    const stopped = await until(run.id, (r) => r.status === 'stopped');
    expect(stopped.resumable).toBe(true);
    expect(await json<{ status: string; result: unknown }>(t.app.request(`/api/jobs/${training.jobId}`))).toMatchObject({ status: 'done', result: { stopped: true, stepsDone: stopped.stepsDone } });
    const resumed = await post(`/api/jobs/${training.jobId}/resume`, {});
    expect(resumed.status).toBe(202);
    const { job } = await json<{ job: { id: string; params: unknown } }>(resumed);
    expect(job.params).toEqual({ runId: run.id, resume: true, backend: 'cpu' });
    const again = await until(run.id, (r) => r.status === 'running' && r.stepsDone > stopped.stepsDone);
    expect(again.jobId).toBe(job.id);
    expect(again.stepsDone).toBeGreaterThan(stopped.stepsDone);
    expect((await t.app.request(`/api/gpt/runs/${run.id}`, { method: 'DELETE' })).status).toBe(409); // training: stop it first
    await post(`/api/jobs/${job.id}/stop`, {});
    await until(run.id, (r) => r.status === 'stopped');
    expect((await t.app.request(`/api/gpt/runs/${run.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request(`/api/gpt/runs/${run.id}`)).status).toBe(404);
  });

  it('lists a run that was training at a restart as interrupted and resumable', async () => {
    const s = testServer();
    const cid = s.workspace.corpora.add({ name: 'foxes', bytes: new TextEncoder().encode(TEXT) }).id;
    const res = await s.app.request('/api/gpt/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'r', corpusId: cid, model: tinyModel, train: { steps: 100000, batchSize: 2 }, backend: 'cpu' }) });
    const run = await runOf(res);
    for (let i = 0; i < 600 && s.workspace.gptRuns.get(run.id).stepsDone < 2; i++) await new Promise((r) => setTimeout(r, 100));
    await s.workspace.close();
    const ws = openWorkspace(s.dir, { maxUploadBytes: 1 << 20 });
    const app = createApp({ config: { host: '127.0.0.1', allowedHosts: [] }, workspace: ws });
    const { runs } = (await (await app.request('/api/gpt/runs')).json()) as { runs: RunJson[] };
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'interrupted', resumable: true });
    await ws.close();
    await s.cleanup().catch(() => undefined);
  });

  it('refuses bad requests by field and stores nothing', async () => {
    const before = (await json<{ runs: unknown[] }>(t.app.request('/api/gpt/runs'))).runs.length;
    const cases: [unknown, number, RegExp][] = [
      [{ name: 'x', corpusId, model: { preset: 'baby', nEmbd: 30, nHead: 4 } }, 400, /"model": nEmbd \(30\) must be divisible by nHead \(4\)/],
      [{ name: 'x', corpusId, train: { steps: 0 } }, 400, /"train\.steps"/],
      [{ name: 'x', corpusId: 'no-such-corpus' }, 404, /no corpus with id "no-such-corpus"/],
      [{ name: '', corpusId }, 400, /"name"/],
      [{ name: 'x', corpusId, tokenizer: 'nope' }, 404, /nope/],
    ];
    for (const [body, status, msg] of cases) {
      const r = await post('/api/gpt/runs', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(((await r.json()) as { error: string }).error).toMatch(msg);
    }
    expect((await json<{ runs: unknown[] }>(t.app.request('/api/gpt/runs'))).runs).toHaveLength(before);
  });

  it('imports a run trained elsewhere after checking its folder', async () => {
    const codec = charCodecFromText(TEXT);
    const trained = GptRun.create(createCpuBackend(), TEXT, codec, presetConfig('baby', codec.vocabSize, { nLayer: 1, nHead: 2, nEmbd: 16, contextLength: 16 }), { ...defaultTrainConfig, steps: 2, batchSize: 2 });
    await trained.step();
    const files = await trained.bestCheckpoint();
    trained.dispose();
    const b64 = Object.fromEntries(Object.entries(files).map(([n, b]) => [n, Buffer.from(b).toString('base64')]));
    const body = { name: 'from the browser', corpusId, tokenizer: 'char', backend: 'webgpu (test)', train: { steps: 2 }, metrics: [{ step: 1, loss: 3.2 }, { step: 2, loss: 3.1, valLoss: 3.0 }], files: b64 };
    const broken = await post('/api/gpt/runs/import', { ...body, files: { ...b64, 'model.safetensors': b64['model.safetensors']!.slice(0, 200) } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/not usable/);
    const ok = await post('/api/gpt/runs/import', body);
    expect(ok.status).toBe(201);
    const { run } = (await ok.json()) as { run: RunJson & { place: string } };
    expect(run).toMatchObject({ place: 'browser', status: 'done', stepsDone: 2, bestValLoss: 3, backend: 'webgpu (test)' });
    expect((await json<{ text: string }>(post(`/api/gpt/runs/${run.id}/sample`, { prompt: 'the', maxNewTokens: 5 }))).text).toHaveLength(5);
  });
});
