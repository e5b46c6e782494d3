// What a loader refuses, before it allocates: a config claiming more layers than the weights hold
// (2,147,483,647, or GPT-2 small's 12 over a tiny file), shapes that disagree with config.json, a
// huge vocabulary, pickled weights (with the command that converts them), truncated or corrupt
// safetensors, broken shard indexes, unknown architectures. And what it reads: each tensor once.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { folderFromBytes, PretrainedError, type ModelFolder } from '../../../src/pretrained/folder.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { nodeFolder } from './node-folder.ts';
import { hubGpt2Config, writeHubGpt2 } from './hub-gpt2.ts';
import { Rng } from '../../../src/nn/random.ts';
import { Llama } from '../../../src/models/llama/llama.ts';
import type { LlamaConfig } from '../../../src/models/llama/config.ts';
import { llamaWeights, toHfLlamaConfig } from '../../../src/models/llama/checkpoint.ts';

const dir = mkdtempSync(join(tmpdir(), 'lmw-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIZES = { vocab: 50, positions: 16, layers: 2, heads: 2, embd: 8 };
const base = join(dir, 'base');
writeHubGpt2(base, SIZES, 1, 'hub');
const weights = readFileSync(join(base, 'model.safetensors'));
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

function folder(config: Record<string, unknown>, extra: Record<string, Uint8Array> = { 'model.safetensors': weights }): ModelFolder {
  return folderFromBytes({ 'config.json': enc(config), ...extra });
}

async function refused(f: ModelFolder, message: RegExp): Promise<void> {
  const backend = createCpuBackend();
  const before = backend.live;
  await expect(loadPretrained(backend, f)).rejects.toThrow(message);
  expect(backend.live).toBe(before); // nothing was allocated on the backend (or all of it was given back)
}

describe('pretrained loading refuses bad folders before allocating', () => {
  const config = hubGpt2Config(SIZES);

  it('a config claiming 2,147,483,647 layers, or GPT-2 small over tiny weights', async () => {
    await refused(folder({ ...config, n_layer: 2147483647 }), /n_layer is 2147483647 but the weights hold 2 layers|nLayer is 2147483647, over the limit/);
    await refused(folder({ ...config, n_layer: 200 }), /n_layer is 200 but the weights hold 2 layers/);
    await refused(folder(hubGpt2Config({ vocab: 50257, positions: 1024, layers: 12, heads: 12, embd: 768 })), /n_layer is 12 but the weights hold 2 layers/);
  });

  it('a Llama config claiming 2,147,483,647 layers or an enormous context fails on the weights, not on memory', async () => {
    const cfg: LlamaConfig = {
      vocabSize: 40, contextLength: 32, nLayer: 2, nHead: 2, nKvHead: 1, nEmbd: 8, headDim: 4, intermediateSize: 12,
      rmsNormEps: 1e-5, ropeTheta: 10000, tieWordEmbeddings: true, attentionBias: false, mlpBias: false, bosTokenId: null, eosTokenId: null,
    };
    const model = new Llama(cfg, createCpuBackend(), new Rng(0));
    const files = { 'model.safetensors': await llamaWeights(model) };
    model.dispose();
    const hf = toHfLlamaConfig(cfg);
    await refused(folder({ ...hf, num_hidden_layers: 2147483647 }, files), /num_hidden_layers is 2147483647 but the weights hold 2 layers/);
    await refused(folder({ ...hf, intermediate_size: 2 ** 30 }, files), /"model.layers.0.mlp.gate_proj.weight" has shape \[12, 8\]; config.json implies \[1073741824, 8\]/);
    // Rotary positions have no table: a huge context allocates nothing and loads.
    const p = await loadPretrained(createCpuBackend(), folder({ ...hf, max_position_embeddings: 2147483647 }, files));
    p.model.dispose();
  });

  it('shapes that disagree with config.json, named', async () => {
    await refused(folder({ ...config, vocab_size: 2147483647 }), /vocabSize is 2147483647, over the limit|config.json implies \[2147483647, 8\]/);
    await refused(folder({ ...config, vocab_size: 200_000 }), /"wte.weight" has shape \[50, 8\]; config.json implies \[200000, 8\]/);
    await refused(folder({ ...config, n_embd: 16, n_head: 2 }), /"wte.weight" has shape \[50, 8\]; config.json implies \[50, 16\]/);
    await refused(folder({ ...config, n_positions: 32 }), /"wpe.weight" has shape \[16, 8\]; config.json implies \[32, 8\]/);
  });

  it('GPT-2 options we do not model, by name', async () => {
    await refused(folder({ ...config, scale_attn_by_inverse_layer_idx: true }), /scale_attn_by_inverse_layer_idx/);
    await refused(folder({ ...config, activation_function: 'relu' }), /activation_function "relu"/);
    await refused(folder({ ...config, architectures: ['T5ForConditionalGeneration'] }), /architecture T5ForConditionalGeneration is not supported/);
  });

  it('pytorch_model.bin, with the command that converts it', async () => {
    await refused(folder(config, { 'pytorch_model.bin': new Uint8Array(16) }), /pytorch_model\.bin.*t\.GPT2LMHeadModel\.from_pretrained\('\.'\)\.save_pretrained\('\.', safe_serialization=True\)/);
    await refused(folder(config, {}), /no model\.safetensors or model\.safetensors\.index\.json/);
  });

  it('truncated, padded or corrupt safetensors', async () => {
    await refused(folder(config, { 'model.safetensors': weights.subarray(0, weights.length - 4) }), /the tensors end at byte \d+ but the file has \d+ bytes/);
    await refused(folder(config, { 'model.safetensors': weights.subarray(0, 100) }), /runs past the end/);
    const huge = new Uint8Array(weights);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 60n, true);
    await refused(folder(config, { 'model.safetensors': huge }), /header length \d+ is over the limit/);
    await refused(folder(config, { 'model.safetensors': enc('not a safetensors file at all') }), /header/);
  });

  it('a shard index naming files that are not there, or not in the folder', async () => {
    const index = (map: Record<string, string>) => ({ 'model.safetensors.index.json': enc({ weight_map: map }) });
    await refused(folder(config, index({ 'wte.weight': 'model-00001-of-00002.safetensors' })), /names shards the folder lacks: model-00001-of-00002\.safetensors/);
    await refused(folder(config, index({ 'wte.weight': '../../etc/passwd' })), /not a \.safetensors file name in this folder/);
    await refused(folder(config, { ...index({ 'wte.weight': 'a.safetensors' }), 'a.safetensors': weights }), /a\.safetensors holds "wpe\.weight", which model\.safetensors\.index\.json does not list/);
  });

  it('a tokenizer larger than the model\'s vocabulary', async () => {
    const tok = JSON.stringify({ model: { type: 'BPE', vocab: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [String.fromCodePoint(0x100 + i), i])), merges: [] }, pre_tokenizer: null, decoder: { type: 'Fuse' } });
    await refused(folder(config, { 'model.safetensors': weights, 'tokenizer.json': enc(tok) }), /tokenizer\.json has 60 tokens but config\.json's vocab_size is 50/);
  });
});

describe('pretrained loading reads each tensor once', () => {
  it('reads the header and then every tensor it keeps exactly once (the attn.bias buffers never)', async () => {
    const f = nodeFolder(base);
    const p = await loadPretrained(createCpuBackend(), f);
    const headerLength = Number(new DataView(weights.buffer, weights.byteOffset).getBigUint64(0, true));
    const maskBytes = SIZES.layers * SIZES.positions * SIZES.positions * 4;
    const configBytes = readFileSync(join(base, 'config.json')).length;
    expect(f.bytesRead).toBe(configBytes + 8 + headerLength + (weights.length - 8 - headerLength - maskBytes));
    p.model.dispose();
  });

  it('a config.json without architectures or model_type is a PretrainedError', async () => {
    await expect(loadPretrained(createCpuBackend(), folder({ ...SIZES }))).rejects.toThrow(PretrainedError);
  });
});
