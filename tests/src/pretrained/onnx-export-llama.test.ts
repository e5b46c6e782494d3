// Our Llama exported to ONNX in transformers.js's Llama layout: transformers.js loads the folder
// and gives our logits (< 1e-4) and our greedy tokens through its own KV-cache generate() — a
// random Llama with grouped-query attention, an untied head, biases and head_dim ≠ C/H, and the
// real stories260K (../shared) re-exported from its safetensors; attentions.{i} equal our maps.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AutoModelForCausalLM, env, Tensor as HfTensor } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { fromArray, noGrad, scope } from '../../../src/tensor/tensor.ts';
import { Rng } from '../../../src/nn/random.ts';
import { Llama } from '../../../src/models/llama/llama.ts';
import type { LlamaConfig } from '../../../src/models/llama/config.ts';
import { generateIds } from '../../../src/models/gpt/generate.ts';
import { llamaOnnxFolder, llamaToOnnx } from '../../../src/pretrained/onnx-llama.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { nodeFolder } from './node-folder.ts';

const root = mkdtempSync(join(tmpdir(), 'lmw-onnx-llama-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = `${root}/`;
const STORIES = join(import.meta.dirname, '../../../../shared/data/pretrained/stories260K');

const CONFIG: LlamaConfig = {
  vocabSize: 97, contextLength: 64, nLayer: 2, nHead: 4, nKvHead: 2, nEmbd: 24, headDim: 8, intermediateSize: 40,
  rmsNormEps: 1e-5, ropeTheta: 500, tieWordEmbeddings: false, attentionBias: true, mlpBias: true, bosTokenId: 1, eosTokenId: 2,
};
const IDS = [1, 5, 9, 33, 96, 0, 41, 41, 7, 12, 64, 3];

function randomLlama(): Llama {
  const model = new Llama(CONFIG, createCpuBackend(), new Rng(2));
  const rng = new Rng(3);
  for (const [name, t] of model.namedParameters()) {
    const norm = name.endsWith('norm.weight');
    t.backend.write(t.storage, Float32Array.from({ length: t.size }, () => (norm ? 1 : 0) + (norm ? 0.5 : 0.2) * rng.normal()));
  }
  return model.eval();
}

function writeFolder(name: string, files: Record<string, Uint8Array>): void {
  for (const [f, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name, f)), { recursive: true });
    writeFileSync(join(root, name, f), bytes);
  }
}

async function ours(model: Llama, ids: number[]): Promise<{ logits: Float32Array; attention: Float32Array[] }> {
  const out = scope(() => noGrad(() => model.forward(fromArray(model.backend, Int32Array.from(ids), [1, ids.length], 'int32'), undefined, { attention: true })));
  const r = { logits: (await out.logits.data()) as Float32Array, attention: await Promise.all(out.attention!.map(async (a) => (await a.data()) as Float32Array)) };
  out.logits.dispose();
  out.attention!.forEach((a) => a.dispose());
  return r;
}

const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const int64 = (v: number[]) => new HfTensor('int64', BigInt64Array.from(v.map(BigInt)), [1, v.length]);

async function sameAsTransformersJs(name: string, model: Llama, ids: number[], newTokens: number): Promise<void> {
  writeFolder(name, await llamaOnnxFolder(model, null));
  const hf = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32' });
  const { logits } = (await hf({ input_ids: int64(ids), attention_mask: int64(ids.map(() => 1)) })) as { logits: HfTensor };
  expect(worst(logits.data as Float32Array, (await ours(model, ids)).logits)).toBeLessThan(1e-4);
  const generated = (await hf.generate({ input_ids: int64(ids), max_new_tokens: newTokens, do_sample: false })) as HfTensor;
  const theirs = (generated.tolist() as bigint[][])[0]!.slice(ids.length).map(Number);
  const mine = await generateIds(model, ids, { maxNewTokens: newTokens, temperature: 0 }, model.config.eosTokenId);
  expect(theirs.slice(0, mine.length)).toEqual(mine);
  await hf.dispose();
}

describe('ONNX export of our Llama', () => {
  it('a random Llama (GQA, untied head, biases, head_dim ≠ C/H): transformers.js gives our logits and greedy tokens', async () => {
    const model = randomLlama();
    await sameAsTransformersJs('random-llama', model, IDS, 20);
    model.dispose();
  }, 120_000);

  it('attentions.{i} outputs equal our attention maps (onnxruntime)', async () => {
    const model = randomLlama();
    const session = await ort.InferenceSession.create(await llamaToOnnx(model, { attentions: true }));
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(IDS.map(BigInt)), [1, IDS.length]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(IDS.length).fill(1n), [1, IDS.length]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(IDS.map((_, i) => BigInt(i))), [1, IDS.length]),
    };
    for (let i = 0; i < CONFIG.nLayer; i++) for (const n of ['key', 'value']) feeds[`past_key_values.${i}.${n}`] = new ort.Tensor('float32', new Float32Array(0), [1, CONFIG.nKvHead, 0, CONFIG.headDim]);
    const out = await session.run(feeds);
    const want = await ours(model, IDS);
    for (let i = 0; i < CONFIG.nLayer; i++) expect(worst(out[`attentions.${i}`]!.data as Float32Array, want.attention[i]!)).toBeLessThan(1e-5);
    model.dispose();
  }, 120_000);

  it('stories260K re-exported from its safetensors', async ({ skip }) => {
    skip(!existsSync(STORIES), '../shared/data/pretrained is absent (a clone without the shared folder)');
    const p = await loadPretrained(createCpuBackend(), nodeFolder(STORIES));
    if (p.family !== 'llama') throw new Error('expected a Llama');
    await sameAsTransformersJs('stories-reexported', p.model, [1], 60);
    p.model.dispose();
  }, 120_000);
});
