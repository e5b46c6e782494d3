// /api/pretrained: the real stories260K folder uploaded as the browser sends it, a tiny GPT run
// beside it, and one comparison: surprise checked against transformers.js's own logits on the
// same ids (an independent runtime), perplexity and bits per byte from those surprises, top-k,
// greedy generation, attention rows that sum to 1, and the parity figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { AutoModelForCausalLM, env, Tensor as HfTensor } from '@huggingface/transformers';
import { testServer, type TestServer } from './helpers.ts';
import { addTinyGptRun } from './fewshot-model.ts';
import type { CompareResult, PretrainedSummary } from '../../src/contract/pretrained.ts';

const STORIES = '../shared/data/pretrained/stories260K';
const have = existsSync(`${STORIES}/model.safetensors`);
const FILES = ['config.json', 'tokenizer.json', 'model.safetensors', 'onnx/model.onnx'];
const TEXT = 'Once upon a time, there was a little girl named Lily. She loved to play.';

let t: TestServer;
const json = { 'Content-Type': 'application/json' };
const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: json });

beforeAll(() => {
  t = testServer();
});
afterAll(() => t.cleanup());

async function hfLogits(ids: number[]): Promise<Float32Array> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '../shared/data/pretrained/';
  const model = await AutoModelForCausalLM.from_pretrained('stories260K', { dtype: 'fp32' });
  const input = new HfTensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const mask = new HfTensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  const { logits } = (await model({ input_ids: input, attention_mask: mask })) as { logits: HfTensor };
  await model.dispose();
  return logits.data as Float32Array;
}

describe('/api/pretrained', () => {
  it('refuses an upload with a file that is not part of a model folder, by name', async () => {
    const r = await post('/api/pretrained', { name: 'x', files: { '../evil.json': 'e30=' } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/"\.\.\/evil\.json" is not a file of a model folder/);
  });

  it('compare needs two models and known ones', async () => {
    const one = await post('/api/pretrained/compare', { text: 'hi', models: ['a'] });
    expect(((await one.json()) as { error: string }).error).toMatch(/pick at least two models/);
    const unknown = await post('/api/pretrained/compare', { text: 'hi', models: ['nope', 'nada'] });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/no model "nope"/);
  });

  it('compares stories260K (uploaded) with a tiny GPT run', async ({ skip }) => {
    skip(!have, '../shared/data/pretrained is absent (a clone without the shared folder)');
    const files = Object.fromEntries(FILES.map((f) => [f, readFileSync(`${STORIES}/${f}`).toString('base64')]));
    const added = await post('/api/pretrained', { name: 'stories260K', files });
    expect(added.status).toBe(201);
    const { model } = (await added.json()) as { model: PretrainedSummary };
    // The README's 264,128 counts llama2.c's two rotary tables (512 positions × head_dim/2 = 4), which are not weights.
    expect(model).toMatchObject({ family: 'llama', parameters: 264_128 - 2 * 512 * 4, hasOnnx: true, source: 'upload' });
    expect(model.config).toMatchObject({ layers: 5, heads: 8, hidden: 64, vocabSize: 512 });
    expect(((await (await t.app.request('/api/pretrained')).json()) as { models: PretrainedSummary[] }).models.map((m) => m.name)).toEqual(['stories260K']);
    await addTinyGptRun(t.workspace, 'tiny');

    const r = await post('/api/pretrained/compare', { text: TEXT, models: ['stories260K', 'tiny'], prompt: 'Once upon a time', maxNewTokens: 8, temperature: 0, position: 3, topK: 5 });
    expect(r.status).toBe(200);
    const res = (await r.json()) as CompareResult;
    const [llama, gpt] = res.models as [CompareResult['models'][0], CompareResult['models'][0]];

    // Surprise against transformers.js's logits on <s> + the same ids.
    const ids = [1, ...llama.tokens.map((x) => x.id)];
    const ref = await hfLogits(ids);
    const V = 512;
    llama.tokens.forEach((tok, i) => {
      const row = ref.subarray(i * V, (i + 1) * V);
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
      expect(llama.surprise[i]).toBeCloseTo(-(row[tok.id]! - lse) / Math.LN2, 3);
    });
    const bits = (llama.surprise as number[]).reduce((a, b) => a + b, 0);
    expect(llama.perplexity).toBeCloseTo(2 ** (bits / llama.tokens.length), 6);
    expect(llama.bitsPerByte).toBeCloseTo(bits / Buffer.byteLength(TEXT), 6);
    expect(llama.tokens.map((x) => TEXT.slice(x.start, x.end)).join('')).toBe(TEXT);
    expect(llama.parity!.maxAbsDiff).toBeLessThan(1e-3);
    expect(llama.topK.map((k) => k.p)).toEqual([...llama.topK.map((k) => k.p)].sort((a, b) => b - a));
    expect(llama.generation.ids).toHaveLength(8);
    expect(llama.attention!.layers).toBe(5);
    expect(llama.attention!.heads).toBe(8);

    // The char-level GPT: every character a token, the first one unpredicted.
    expect(gpt.tokens).toHaveLength(TEXT.length);
    expect(gpt.surprise[0]).toBeNull();
    expect(gpt.parity).toBeNull();
    const T = Math.min(48, gpt.tokens.length);
    const map = gpt.attention!.maps[1]![1]!;
    for (let q = 0; q < T; q++) expect(map.slice(q * T, (q + 1) * T).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(res.bytes).toBe(Buffer.byteLength(TEXT));

    // The Attention page's maps for the pretrained model: <s> first, every row a distribution.
    const att = await post(`/api/pretrained/${model.id}/attention`, { text: 'Lily ran.' });
    expect(att.status).toBe(200);
    const a = (await att.json()) as { tokens: string[]; layers: number; heads: number; maps: number[][][] };
    expect(a.tokens[0]).toBe('<s>');
    expect([a.layers, a.heads]).toEqual([5, 8]);
    const n = a.tokens.length;
    for (let q = 0; q < n; q++) expect(a.maps[4]![7]!.slice(q * n, (q + 1) * n).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 3);
  }, 300_000);
});
