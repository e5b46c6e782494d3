// Our GPT exported to ONNX in transformers.js's decoder layout: transformers.js (onnxruntime,
// offline) loads the folder and gives our engine's logits (< 1e-4) and the same greedy tokens
// through its own KV-cache generate(); onnxruntime's attentions.{i} outputs equal our attention
// maps. Two architectures: GPT-2's (pre-LN, learned positions, biases, tanh GELU) and the
// workbench's other choices (post-LN, sinusoidal positions, no biases, exact GELU).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor as HfTensor } from '@huggingface/transformers';
import { charCodecFromText } from '../../../src/tokenizers/codec.ts';
import * as ort from 'onnxruntime-node';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { fromArray, noGrad, scope } from '../../../src/tensor/tensor.ts';
import { Rng } from '../../../src/nn/random.ts';
import { GPT } from '../../../src/models/gpt/gpt.ts';
import { presetConfig, type GptConfig } from '../../../src/models/gpt/config.ts';
import { generateIds } from '../../../src/models/gpt/generate.ts';
import { gptOnnxFolder, gptToOnnx } from '../../../src/pretrained/onnx-gpt.ts';

const root = mkdtempSync(join(tmpdir(), 'lmw-onnx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = `${root}/`;

// A character tokenizer of 83 printable ASCII characters, written into the folder beside the graph.
const codec = charCodecFromText(String.fromCharCode(...Array.from({ length: 83 }, (_, i) => 33 + i)));
const VOCAB = codec.vocabSize;
const IDS = [3, 17, 60, 2, 2, 45, 81, 0, 33, 12, 7];
const ARCHS: [string, Partial<GptConfig>][] = [
  ['gpt2-like', {}],
  ['post-LN, sinusoidal, no bias, exact GELU', { lnPlacement: 'post', positions: 'sinusoidal', bias: false, activation: 'gelu' }],
];

function randomGpt(o: Partial<GptConfig>, seed: number): GPT {
  const model = new GPT(presetConfig('baby', VOCAB, { nLayer: 2, nHead: 4, nEmbd: 32, contextLength: 40, ...o }), createCpuBackend(), new Rng(seed));
  const rng = new Rng(seed + 1);
  for (const [name, t] of model.namedParameters()) {
    const ln = /ln_\w+\.weight$/.test(name);
    t.backend.write(t.storage, Float32Array.from({ length: t.size }, () => (ln ? 1 : 0) + (ln ? 0.3 : 0.15) * rng.normal()));
  }
  return model.eval();
}

function writeFolder(name: string, files: Record<string, Uint8Array>): void {
  for (const [f, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name, f)), { recursive: true });
    writeFileSync(join(root, name, f), bytes);
  }
}

async function ours(model: GPT, ids: number[]): Promise<{ logits: Float32Array; attention: Float32Array[] }> {
  const out = scope(() => noGrad(() => model.forward(fromArray(model.backend, Int32Array.from(ids), [1, ids.length], 'int32'), undefined, { attention: true })));
  const r = { logits: (await out.logits.data()) as Float32Array, attention: await Promise.all(out.attention!.map(async (a) => (await a.data()) as Float32Array)) };
  out.logits.dispose();
  out.attention!.forEach((a) => a.dispose());
  return r;
}

const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const int64 = (v: number[]) => new HfTensor('int64', BigInt64Array.from(v.map(BigInt)), [1, v.length]);

describe('ONNX export of our GPT', () => {
  it.each(ARCHS)('%s: transformers.js gives our logits and greedy tokens', async (name, o) => {
    const model = randomGpt(o, 4);
    const folder = name.replace(/\W+/g, '-');
    writeFolder(folder, await gptOnnxFolder(model, codec.toTokenizerJson()));
    const tok = await AutoTokenizer.from_pretrained(folder);
    expect(tok.encode('Hello!', { add_special_tokens: false })).toEqual(Array.from(codec.encode('Hello!')));
    const hf = await AutoModelForCausalLM.from_pretrained(folder, { dtype: 'fp32' });
    const { logits } = (await hf({ input_ids: int64(IDS), attention_mask: int64(IDS.map(() => 1)) })) as { logits: HfTensor };
    const want = await ours(model, IDS);
    expect(logits.dims).toEqual([1, IDS.length, VOCAB]);
    expect(worst(logits.data as Float32Array, want.logits)).toBeLessThan(1e-4);
    const generated = (await hf.generate({ input_ids: int64(IDS), max_new_tokens: 20, do_sample: false })) as HfTensor;
    const theirs = (generated.tolist() as bigint[][])[0]!.slice(IDS.length).map(Number);
    expect(theirs).toEqual(await generateIds(model, IDS, { maxNewTokens: 20, temperature: 0 }));
    await hf.dispose();
    model.dispose();
  }, 120_000);

  it('attentions.{i} outputs equal our attention maps (onnxruntime, with a past)', async () => {
    const model = randomGpt({}, 8);
    const session = await ort.InferenceSession.create(await gptToOnnx(model, { attentions: true }));
    const H = 4;
    const D = 8;
    const empty = new ort.Tensor('float32', new Float32Array(0), [1, H, 0, D]);
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(IDS.map(BigInt)), [1, IDS.length]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(IDS.length).fill(1n), [1, IDS.length]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(IDS.map((_, i) => BigInt(i))), [1, IDS.length]),
    };
    for (let i = 0; i < 2; i++) for (const n of ['key', 'value']) feeds[`past_key_values.${i}.${n}`] = empty;
    const out = await session.run(feeds);
    const want = await ours(model, IDS);
    expect(worst(out.logits!.data as Float32Array, want.logits)).toBeLessThan(1e-4);
    for (let i = 0; i < 2; i++) expect(worst(out[`attentions.${i}`]!.data as Float32Array, want.attention[i]!)).toBeLessThan(1e-5);
    // One more token on top of the returned cache: the last row of the full run.
    const step: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from([9n]), [1, 1]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(IDS.length + 1).fill(1n), [1, IDS.length + 1]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(IDS.length)]), [1, 1]),
    };
    for (let i = 0; i < 2; i++) for (const n of ['key', 'value']) step[`past_key_values.${i}.${n}`] = out[`present.${i}.${n}`]!;
    const next = await session.run(step);
    const full = await ours(model, [...IDS, 9]);
    expect(worst(next.logits!.data as Float32Array, full.logits.subarray(IDS.length * VOCAB))).toBeLessThan(1e-4);
    model.dispose();
  }, 120_000);
});
