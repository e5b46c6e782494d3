// /api/fewshot on a real workspace (SQLite, job worker threads) with a tiny saved GPT run: a run
// job returns the prompt's parts, next tokens, label scores with calibration and the attention to
// each part, equal to the library's own answer on the same model; a sweep on a labelled corpus
// reports progress and leaves its table; bad requests answer with errors that name the problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './helpers.ts';
import { addTinyGptRun } from './fewshot-model.ts';
import { FEWSHOT_PRESETS, fewshotResultSchema, fewshotSweepResultSchema, jobSchema } from '../../src/contract/index.ts';
import { resolveModel } from '../../server/features/models/resolve.ts';
import { runFewshot } from '../../src/fewshot/index.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pretrainedStore } from '../../server/features/pretrained/store.ts';

const STORIES = join(import.meta.dirname, '../../../shared/data/pretrained/stories260K');
const haveStories = existsSync(join(STORIES, 'model.safetensors'));

let t: TestServer;
let runId: string;
const json = { 'Content-Type': 'application/json' };
const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: json });

beforeAll(async () => {
  t = testServer();
  runId = (await addTinyGptRun(t.workspace, 'tiny few-shot')).id;
  const lines = Array.from({ length: 30 }, (_, i) => (i % 2 ? `spam\tWin cash now ${i}!` : `ham\tMeeting notes ${i}`));
  t.workspace.corpora.add({ name: 'spam lines', bytes: new TextEncoder().encode(lines.join('\n')) });
});
afterAll(() => t.cleanup());

async function finished(id: string): Promise<{ status: string; result: unknown; error: string | null; progress: unknown }> {
  for (;;) {
    const job = (await (await t.app.request(`/api/jobs/${id}`)).json()) as { status: string; result: unknown; error: string | null; progress: unknown };
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const spam = FEWSHOT_PRESETS['spam-ham'];

describe('POST /api/fewshot/runs', () => {
  it('runs the spam preset by run name and answers as the library does on the same model', async () => {
    const req = { model: 'tiny few-shot', ...spam, calibrate: true, attention: true, generate: { maxNewTokens: 4 } };
    const res = await post('/api/fewshot/runs', req);
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: unknown };
    expect(jobSchema.parse(job).kind).toBe('fewshot.run');
    const done = await finished((job as { id: string }).id);
    expect(done.error).toBeNull();
    const r = fewshotResultSchema.parse(done.result);
    expect(r.parts.map((p) => p.name)).toEqual(['instruction', 'example 1', 'example 2', 'example 3', 'example 4', 'query']);
    expect(r.parts.reduce((n, p) => n + p.tokens, 0)).toBe(r.promptIds.length);
    expect(r.promptTokens.join('')).toBe(r.promptText);
    expect(Object.keys(r.labels!)).toEqual(['spam', 'ham']);
    expect(r.labels!.spam!.calibratedP! + r.labels!.ham!.calibratedP!).toBeCloseTo(1, 6);
    expect(r.attention!.mass.length).toBe(2);
    for (const head of r.attention!.mass.flat()) expect(head.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

    const local = await resolveModel(runId, { gptRuns: t.workspace.gptRuns }, 'cpu');
    try {
      const mine = await runFewshot(local.lm, local.codec, { ...spam, calibrate: true, generate: { maxNewTokens: 4 } });
      expect(r.promptIds).toEqual(mine.promptIds);
      expect(r.next.map((n) => n.id)).toEqual(mine.next.map((n) => n.id));
      expect(r.labels!.spam!.logprob).toBeCloseTo(mine.labels!.spam!.logprob, 5);
      expect(r.continuation).toBe(mine.continuation);
    } finally {
      local.dispose();
    }
  }, 120_000);

  it('a template without {input} fails the job with the library\'s message', async () => {
    const res = await post('/api/fewshot/runs', { model: runId, template: 'Q: A: {output}', query: 'x' });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string } };
    const done = await finished(job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/no \{input\} slot/);
  }, 60_000);

  it('refuses an unknown model, a bad field, and a prompt over the context by name', async () => {
    const none = await post('/api/fewshot/runs', { model: 'no-such-run', template: '{input} {output}', query: 'x' });
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: string }).error).toMatch(/no model "no-such-run"/);
    const path = await post('/api/fewshot/runs', { model: t.workspace.gptRuns.modelDir(runId), template: '{input} {output}', query: 'x' });
    expect(path.status).toBe(404); // the server never opens a path a request names
    const bad = await post('/api/fewshot/runs', { model: runId, template: '{input} {output}', query: 'x', topK: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/"topK"/);
    const long = await post('/api/fewshot/runs', { model: runId, template: '{input} => {output}', examples: [{ input: 'a'.repeat(600), output: 'b' }], query: 'c' });
    const done = await finished(((await long.json()) as { job: { id: string } }).job.id);
    expect(done.error).toMatch(/over the context length 512/);
  }, 60_000);
});

describe('an added pretrained model by name', () => {
  it('runs a prompt on stories260K (a Llama with <s> first) as the library does on the same folder', async ({ skip }) => {
    skip(!haveStories, '../shared/data/pretrained is absent (a clone without the shared folder)');
    await pretrainedStore(t.workspace).addFolder(STORIES, 'stories', 'folder test');
    const spec = { template: 'Mom said "{input}" and Lily said "{output}".', examples: [{ input: 'big', output: 'small' }, { input: 'hot', output: 'cold' }], query: 'up', generate: { maxNewTokens: 3 } };
    const res = await post('/api/fewshot/runs', { model: 'stories', ...spec });
    const done = await finished(((await res.json()) as { job: { id: string } }).job.id);
    expect(done.error).toBeNull();
    const r = fewshotResultSchema.parse(done.result);
    expect(r.parts[0]!.name).toBe('start');
    expect(r.contextLength).toBe(512);
    const local = await resolveModel(STORIES, { folders: true }, 'cpu');
    try {
      const mine = await runFewshot(local.lm, local.codec, spec);
      expect(r.promptIds).toEqual(mine.promptIds);
      expect(r.next.map((n) => n.token)).toEqual(mine.next.map((n) => n.token));
      expect(r.continuation).toBe(mine.continuation);
    } finally {
      local.dispose();
    }
  }, 120_000);
});

describe('POST /api/fewshot/sweeps', () => {
  it('sweeps k on a labelled corpus with progress, calibration and baselines', async () => {
    const corpus = t.workspace.corpora.find('spam lines')!.id;
    const res = await post('/api/fewshot/sweeps', { model: runId, template: 'Subject: {input}\nAnswer: {output}', corpus, queries: 6, ks: [0, 2], draws: 2 });
    expect(res.status).toBe(202);
    const done = await finished(((await res.json()) as { job: { id: string } }).job.id);
    expect(done.error).toBeNull();
    const r = fewshotSweepResultSchema.parse(done.result);
    expect(r.labels).toEqual(['ham', 'spam']);
    expect(r.cells.map((c) => [c.k, c.runs.length])).toEqual([[0, 1], [2, 2]]);
    expect(r.queries).toBe(6);
    expect(r.gold.length).toBe(6);
    for (const c of r.cells) expect(c.calibrated).toBeDefined();
    expect(r.baselines.majority.accuracy).toBeGreaterThan(0);
    expect((done.progress as { done: number; total: number }).done).toBe((done.progress as { total: number }).total);
  }, 120_000);

  it('refuses a corpus that is not labelled, and labels the corpus lacks', async () => {
    const text = await post('/api/fewshot/sweeps', { model: runId, template: '{input} {output}', corpus: 'brown' });
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: string }).error).toMatch(/not a labelled set/);
    const corpus = t.workspace.corpora.find('spam lines')!.id;
    const labels = await post('/api/fewshot/sweeps', { model: runId, template: '{input} {output}', corpus, labels: [{ name: 'spam', verbaliser: 'spam' }, { name: 'eggs', verbaliser: 'eggs' }] });
    expect(labels.status).toBe(400);
    expect(((await labels.json()) as { error: string }).error).toMatch(/eggs are not in the corpus/);
  });

  it('GET /api/fewshot/presets lists the library\'s presets', async () => {
    const r = (await (await t.app.request('/api/fewshot/presets')).json()) as { presets: Record<string, unknown> };
    expect(Object.keys(r.presets)).toEqual(Object.keys(FEWSHOT_PRESETS));
  });
});
