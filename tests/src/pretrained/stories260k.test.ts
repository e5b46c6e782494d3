// The real pretrained stories260K (../shared/data/pretrained, a Llama-2 with grouped-query
// attention) on our engine from model.safetensors, against transformers.js (onnxruntime) on the
// independently written onnx/model.onnx: the same logits (< 1e-4) on a real sentence, and the
// same 60 greedy tokens from <s>, on the cpu and wasm backends.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor as HfTensor } from '@huggingface/transformers';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { createWasmBackend } from '../../../src/tensor/wasm.ts';
import { fromArray, noGrad, scope } from '../../../src/tensor/tensor.ts';
import type { Backend } from '../../../src/tensor/backend.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { generateIds } from '../../../src/models/gpt/generate.ts';
import { nodeFolder } from './node-folder.ts';

const PRETRAINED = join(import.meta.dirname, '../../../../shared/data/pretrained');
const have = existsSync(join(PRETRAINED, 'stories260K/model.safetensors'));
const TEXT = 'Once upon a time, there was a little dog named Max. Max liked to run in the big green park with his friend.';

interface Reference {
  ids: number[];
  logits: Float32Array;
  greedy: number[];
}

async function reference(): Promise<Reference> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${PRETRAINED}/`;
  const tok = await AutoTokenizer.from_pretrained('stories260K');
  const model = await AutoModelForCausalLM.from_pretrained('stories260K', { dtype: 'fp32' });
  const ids = Array.from(tok.encode(TEXT)).map(Number);
  const input = new HfTensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const mask = new HfTensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  const { logits } = (await model({ input_ids: input, attention_mask: mask })) as { logits: HfTensor };
  const start = new HfTensor('int64', BigInt64Array.from([1n]), [1, 1]);
  const out = (await model.generate({ input_ids: start, max_new_tokens: 60, do_sample: false })) as HfTensor;
  await model.dispose();
  return { ids, logits: logits.data as Float32Array, greedy: (out.tolist() as bigint[][])[0]!.slice(1).map(Number) };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.skipIf(!have)(`stories260K: our engine vs transformers.js${have ? '' : ' (skipped: ../shared/data/pretrained is absent)'}`, () => {
  let ref: Reference;
  beforeAll(async () => {
    ref = await reference();
  }, 120_000);

  const backends: [string, () => Promise<Backend>][] = [
    ['cpu', async () => createCpuBackend()],
    ['wasm', () => createWasmBackend()],
  ];

  it.each(backends)('%s: the same logits (< 1e-4) and the same 60 greedy tokens', async (_name, make) => {
    const backend = await make();
    const p = await loadPretrained(backend, nodeFolder(join(PRETRAINED, 'stories260K')));
    if (p.family !== 'llama') throw new Error(`expected a Llama, got ${p.family}`);
    expect(Array.from(p.tokenizer!.encodeWithSpecials(TEXT))).toEqual(ref.ids);
    const logits = scope(() => noGrad(() => p.model.forward(fromArray(backend, Int32Array.from(ref.ids), [1, ref.ids.length], 'int32')).logits));
    const ours = (await logits.data()) as Float32Array;
    logits.dispose();
    expect(maxAbsDiff(ours, ref.logits)).toBeLessThan(1e-4);
    const greedy = await generateIds(p.model, [1], { maxNewTokens: 60, temperature: 0 });
    expect(greedy).toEqual(ref.greedy);
    expect(p.tokenizer!.decode(greedy)).toMatch(/^Once upon a time, there was a little girl named Lily\. She loved to play outside in the park\./);
    p.model.dispose();
  }, 180_000);
});
