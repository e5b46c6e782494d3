// Our Llama against an independent PyTorch Llama (tests/fixtures/torch/llama_reference.py, from
// the transformers definition) on random weights written as a Hugging Face folder — grouped-query
// attention, untied head, biases, head_dim ≠ C/H, rotary θ — in F32, F16 and BF16; the KV cache
// gives what rerunning the window gives; attention maps are causal rows that sum to 1; config
// options we do not implement are refused by name.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend } from '../../../../src/tensor/cpu.ts';
import { fromArray, noGrad, scope } from '../../../../src/tensor/tensor.ts';
import { readSafetensors } from '../../../../src/tensor/safetensors.ts';
import { Rng } from '../../../../src/nn/random.ts';
import { Llama } from '../../../../src/models/llama/llama.ts';
import { fromHfLlamaConfig, LlamaConfigError, type LlamaConfig } from '../../../../src/models/llama/config.ts';
import { llamaWeights, toHfLlamaConfig } from '../../../../src/models/llama/checkpoint.ts';
import { generateIds } from '../../../../src/models/gpt/generate.ts';
import { loadPretrained } from '../../../../src/pretrained/load.ts';
import { nodeFolder } from '../../pretrained/node-folder.ts';
import { toF16Bits } from '../../pretrained/half.ts';

const haveTorch = existsSync('/usr/bin/python3') && (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'lmw-llama-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG: LlamaConfig = {
  vocabSize: 97, contextLength: 64, nLayer: 2, nHead: 4, nKvHead: 2, nEmbd: 24, headDim: 8, intermediateSize: 40,
  rmsNormEps: 1e-5, ropeTheta: 500, tieWordEmbeddings: false, attentionBias: true, mlpBias: false, bosTokenId: 1, eosTokenId: 2,
};
const IDS = [1, 5, 9, 33, 96, 0, 41, 41, 7, 12, 64, 3];

/** Random weights with unit-scale norms (ones would hide a wrong RMSNorm weight). */
function randomModel(cfg: LlamaConfig, seed: number): Llama {
  const backend = createCpuBackend();
  const model = new Llama(cfg, backend, new Rng(seed));
  const rng = new Rng(seed + 1);
  for (const [name, t] of model.namedParameters()) {
    const scale = name.endsWith('norm.weight') ? 0.5 : 0.2;
    t.backend.write(t.storage, Float32Array.from({ length: t.size }, () => (name.endsWith('norm.weight') ? 1 : 0) + scale * rng.normal()));
  }
  return model;
}

async function logitsOf(model: Llama, ids: number[]): Promise<Float32Array> {
  const out = scope(() => noGrad(() => model.forward(fromArray(model.backend, Int32Array.from(ids), [1, ids.length], 'int32')).logits));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** The same tensors as F16 or BF16 (a safetensors file written here: the library writes F32/I32 only). */
function convert(bytes: Uint8Array, dtype: 'F16' | 'BF16'): Uint8Array {
  const arrays = readSafetensors(bytes).arrays.map((a) => ({
    ...a,
    halves: Uint16Array.from(a.data as Float32Array, (v) => (dtype === 'BF16' ? new Uint32Array(Float32Array.of(v).buffer)[0]! >>> 16 : toF16Bits(v))),
  }));
  let at = 0;
  const header: Record<string, unknown> = {};
  for (const a of arrays) header[a.name] = { dtype, shape: a.shape, data_offsets: [at, (at += 2 * a.halves.length)] };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + at);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let off = 8 + json.length;
  for (const a of arrays) {
    out.set(new Uint8Array(a.halves.buffer), off);
    off += 2 * a.halves.length;
  }
  return out;
}

describe('Llama', () => {
  it('gives the logits of an independent PyTorch Llama on the same folder, in F32, F16 and BF16', async ({ skip }) => {
    skip(!haveTorch, 'Debian python3-torch is not installed');
    const model = randomModel(CONFIG, 3);
    const weights = await llamaWeights(model);
    for (const dtype of ['F32', 'F16', 'BF16'] as const) {
      const folder = join(dir, `ref-${dtype}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'config.json'), JSON.stringify(toHfLlamaConfig(CONFIG)));
      writeFileSync(join(folder, 'model.safetensors'), dtype === 'F32' ? weights : convert(weights, dtype));
      const ref = JSON.parse(execFileSync('/usr/bin/python3', ['tests/fixtures/torch/llama_reference.py', folder, JSON.stringify(IDS)], { encoding: 'utf8' })) as { logits: number[] };
      const loaded = await loadPretrained(createCpuBackend(), nodeFolder(folder));
      const ours = await logitsOf(loaded.model as Llama, IDS);
      expect(ours.length).toBe(ref.logits.length);
      const worst = ref.logits.reduce((m, v, i) => Math.max(m, Math.abs(v - ours[i]!)), 0);
      expect(worst, dtype).toBeLessThan(2e-5);
      loaded.model.dispose();
    }
    model.dispose();
  }, 120_000);

  it('generates the same tokens with the KV cache as by rerunning the window', async () => {
    const model = randomModel({ ...CONFIG, tieWordEmbeddings: true }, 5).eval();
    const cached = await generateIds(model, [1, 4, 7], { maxNewTokens: 20, temperature: 0 });
    const plain = await generateIds(model, [1, 4, 7], { maxNewTokens: 20, temperature: 0, useCache: false });
    expect(cached).toEqual(plain);
    const sampled = await generateIds(model, [1], { maxNewTokens: 12, temperature: 0.9, topK: 20, topP: 0.9, seed: 4 });
    expect(sampled).toHaveLength(12);
    model.dispose();
  });

  it('returns every layer\'s causal attention probabilities, rows summing to 1', async () => {
    const model = randomModel(CONFIG, 7).eval();
    const ids = fromArray(model.backend, Int32Array.from([3, 1, 4, 1, 5]), [1, 5], 'int32');
    const { attention } = noGrad(() => model.forward(ids, undefined, { attention: true }));
    expect(attention).toHaveLength(CONFIG.nLayer);
    const p = (await attention![0]!.data()) as Float32Array;
    expect(attention![0]!.shape).toEqual([1, CONFIG.nHead, 5, 5]);
    for (let row = 0; row < CONFIG.nHead * 5; row++) {
      const r = p.slice(row * 5, row * 5 + 5);
      expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      for (let j = (row % 5) + 1; j < 5; j++) expect(r[j]).toBe(0);
    }
    model.dispose();
  });

  it('trains: the loss has gradients for every parameter', () => {
    const model = randomModel(CONFIG, 9);
    const ids = fromArray(model.backend, Int32Array.from(IDS.slice(0, 6)), [1, 6], 'int32');
    const targets = fromArray(model.backend, Int32Array.from(IDS.slice(1, 7)), [1, 6], 'int32');
    model.forward(ids, targets).loss!.backward();
    for (const [name, t] of model.namedParameters()) expect(t.grad, name).not.toBeNull();
    model.dispose();
  });

  it('refuses config.json options it does not implement, by name', () => {
    const hf = toHfLlamaConfig(CONFIG);
    expect(fromHfLlamaConfig(hf)).toEqual(CONFIG);
    expect(() => fromHfLlamaConfig({ ...hf, rope_scaling: { rope_type: 'llama3', factor: 8 } })).toThrow(/rope_scaling/);
    expect(() => fromHfLlamaConfig({ ...hf, hidden_act: 'gelu' })).toThrow(/hidden_act "gelu"/);
    expect(() => fromHfLlamaConfig({ ...hf, num_key_value_heads: 3 })).toThrow(LlamaConfigError);
    expect(() => fromHfLlamaConfig({ ...hf, model_type: 'mistral' })).toThrow(/model_type must be "llama"/);
    expect(() => fromHfLlamaConfig({ ...hf, hidden_size: '24' })).toThrow(/hidden_size must be a number/);
    expect(fromHfLlamaConfig({ ...hf, eos_token_id: [7, 9] }).eosTokenId).toBe(7);
    expect(() => fromHfLlamaConfig({ ...hf, eos_token_id: 'x' })).toThrow(/eos_token_id must be a token id/);
  });
});
