// /api/encoder against a real workspace (SQLite, files, worker threads): a tiny encoder trained on
// a small labelled corpus as an `encoder.train` job — metric series of both stages, reports of
// ours and the baseline on the same test set, the folder on disk, classify with [CLS] attention,
// fill-mask, bidirectional attention maps, download; bad input refused with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testServer, type TestServer } from './helpers.ts';
import { encoderRunDetailSchema, classifyResponseSchema, encoderResultSchema } from '../../src/contract/encoder.ts';

let t: TestServer;
let corpusId: string;
const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const words: Record<string, string[]> = { sport: 'ball goal team match score player'.split(' '), food: 'bread cheese soup salad cook dinner'.split(' ') };
function labelledText(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2 ? 'sport' : 'food';
    const ws = Array.from({ length: 8 }, (_, j) => (j % 2 ? words[label]![(i + j) % 6]! : ['the', 'a', 'and', 'of'][(i * j) % 4]!));
    lines.push(`${label}\t${ws.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const tiny = { vocabSize: 280, contextLength: 16, mlmSteps: 4, mlmBatchSize: 8, steps: 6, batchSize: 8, evalEvery: 3, mlmEvalExamples: 8 };

async function finished(jobId: string): Promise<{ status: string; result: unknown; error: string | null }> {
  for (;;) {
    const job = (await (await t.app.request(`/api/jobs/${jobId}`)).json()) as { status: string; result: unknown; error: string | null };
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(() => {
  t = testServer();
  corpusId = t.workspace.corpora.add({ name: 'two topics', bytes: new TextEncoder().encode(labelledText(120)) }).id;
});
afterAll(() => t.cleanup());

describe('encoder runs', () => {
  let runId: string;

  it('trains as a job: both stages recorded, ours and the baseline on the same test set, the folder on disk', async () => {
    const res = await post('/api/encoder/runs', { name: 'tiny', corpusId, train: tiny, backend: 'cpu' });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string; kind: string; params: { runId: string } } };
    expect(job.kind).toBe('encoder.train');
    runId = job.params.runId;
    const ended = await finished(job.id);
    expect(ended.error).toBeNull();
    expect(ended.status).toBe('done');
    expect(encoderResultSchema.parse(ended.result).stopped).toBe(false);
    const detail = encoderRunDetailSchema.parse(await (await t.app.request(`/api/encoder/runs/${runId}`)).json());
    expect(detail.run.status).toBe('done');
    expect(detail.run.labels).toEqual(['food', 'sport']);
    expect(detail.run.mlmStepsDone).toBe(4);
    expect(detail.metrics.filter((m) => m.stage === 'mlm' && m.loss != null).map((m) => m.step)).toEqual([1, 2, 3, 4]);
    expect(detail.metrics.some((m) => m.stage === 'mlm' && m.mlmLoss != null)).toBe(true);
    expect(detail.metrics.some((m) => m.stage === 'finetune' && m.valMacroF1 != null)).toBe(true);
    const supports = (r: typeof detail.test) => r!.perClass.map((c) => c.support);
    expect(supports(detail.test)).toEqual(supports(detail.baseline)); // the same test set
    const n = detail.test!.confusion.flat().reduce((a, b) => a + b, 0);
    expect(n).toBe(supports(detail.test).reduce((a, b) => a + b, 0));
    for (const m of detail.test!.misclassified) expect(m.text.length).toBeGreaterThan(0);
    expect(detail.run.testMacroF1).toBe(detail.test!.macroF1);
    const dir = t.workspace.encoderRuns.modelDir(runId);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'report.json']) expect(existsSync(join(dir, f)), f).toBe(true);
  }, 300_000);

  it('classifies a text with probabilities and the [CLS] row of each layer and head', async () => {
    const r = await post(`/api/encoder/runs/${runId}/classify`, { text: 'the ball and the goal' });
    expect(r.status).toBe(200);
    const c = classifyResponseSchema.parse(await r.json());
    expect(Object.keys(c.probs).sort()).toEqual(['food', 'sport']);
    expect(Object.values(c.probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(c.label).toBe(c.probs.food! > c.probs.sport! ? 'food' : 'sport');
    expect(c.tokens[0]).toBe('[CLS]');
    expect(c.cls).toHaveLength(4);
    for (const head of c.cls[0]!) {
      expect(head).toHaveLength(c.ids.length);
      expect(head.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });

  it('gives bidirectional attention maps (tokens attend to later tokens) and fills masks', async () => {
    const r = await post(`/api/encoder/runs/${runId}/attention`, { text: 'the cheese and the soup' });
    const a = (await r.json()) as { tokens: string[]; maps: number[][][][] };
    const T = a.tokens.length;
    const m = a.maps[0]![0]!;
    const upper = m.flat().filter((_, i) => i % T > Math.floor(i / T)).reduce((x, y) => x + y, 0);
    expect(upper).toBeGreaterThan(0);
    const f = await post(`/api/encoder/runs/${runId}/fill-mask`, { text: 'the [MASK] and', topK: 3 });
    expect(f.status).toBe(200);
    const { masks } = (await f.json()) as { masks: { top: unknown[] }[] };
    expect(masks).toHaveLength(1);
    expect(masks[0]!.top).toHaveLength(3);
    const none = await post(`/api/encoder/runs/${runId}/fill-mask`, { text: 'no mask' });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: string }).error).toMatch(/no \[MASK\]/);
  });

  it('downloads the folder as a tar and deletes the run with its files', async () => {
    const d = await t.app.request(`/api/encoder/runs/${runId}/download`);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe('application/x-tar');
    expect((await d.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    expect((await t.app.request(`/api/encoder/runs/${runId}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(t.workspace.encoderRuns.dir(runId))).toBe(false);
    expect((await t.app.request(`/api/encoder/runs/${runId}`)).status).toBe(404);
  });

  it('stops through the one job endpoint with a checkpoint and resumes to the end', async () => {
    const res = await post('/api/encoder/runs', { name: 'stop me', corpusId, train: { ...tiny, mlmSteps: 30 }, backend: 'cpu' });
    const { job } = (await res.json()) as { job: { id: string; params: { runId: string } } };
    const id = job.params.runId;
    await expect.poll(() => t.workspace.encoderRuns.get(id).mlmStepsDone, { timeout: 200_000, interval: 200 }).toBeGreaterThan(1);
    expect((await post(`/api/jobs/${job.id}/stop`, {})).status).toBe(200);
    expect((await finished(job.id)).status).toBe('done'); // graceful: ends with what it has
    const stopped = t.workspace.encoderRuns.get(id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.resumable).toBe(true);
    expect(stopped.mlmStepsDone).toBeLessThan(30);
    const again = await post(`/api/jobs/${job.id}/resume`, {});
    expect(again.status).toBe(202);
    const resumed = (await again.json()) as { job: { id: string } };
    expect((await finished(resumed.job.id)).status).toBe('done');
    const run = t.workspace.encoderRuns.get(id);
    expect([run.status, run.mlmStepsDone, run.stepsDone]).toEqual(['done', 30, 6]);
    expect(run.testMacroF1).not.toBeNull();
  }, 300_000);

  it('refuses bad input by name and stores nothing', async () => {
    const before = t.workspace.encoderRuns.list().length;
    const oneClass = t.workspace.corpora.add({ name: 'one class', bytes: new TextEncoder().encode('ham\thello there\n'.repeat(30)) }).id;
    const unlabelled = t.workspace.corpora.add({ name: 'plain', bytes: new TextEncoder().encode('just some text\n'.repeat(30)) }).id;
    const rare = t.workspace.corpora.add({ name: 'rare', bytes: new TextEncoder().encode(`${'a\tone text\n'.repeat(30)}b\tthe only b\n`) }).id;
    const cases: [unknown, number, RegExp][] = [
      [{ name: 'x', corpusId: oneClass }, 400, /one class only/],
      [{ name: 'x', corpusId: unlabelled }, 422, /no labelled lines/],
      [{ name: 'x', corpusId: rare }, 400, /label "b" has 1 examples/],
      [{ name: 'x', corpusId, train: { freezeLayers: 5 } }, 400, /freezeLayers.*above the 4 layers/],
      [{ name: 'x', corpusId, tokenizer: 't-nope' }, 404, /t-nope/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post('/api/encoder/runs', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(((await r.json()) as { error: string }).error).toMatch(message);
    }
    expect(t.workspace.encoderRuns.list().length).toBe(before);
  });
});
