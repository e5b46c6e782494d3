// A GPT as a Hugging Face GPT-2 folder: config.json, model.safetensors with GPT-2's tensor names
// (`transformer.h.{i}.attn.c_attn.weight` as [C, 3C] Conv1D), tokenizer.json. A bias-free model
// is written with zero biases and sinusoidal positions as the wpe table, so the folder is a plain
// GPT-2 checkpoint; reading accepts names with or without the `transformer.` prefix (hub files
// have none) and ignores GPT-2's non-parameter buffers (attn.bias, attn.masked_bias, lm_head).
import type { Backend } from '../tensor/backend.ts';
import { readSafetensors, writeSafetensors, type NamedArray } from '../tensor/safetensors.ts';
import { Rng } from '../nn/random.ts';
import { GPT } from '../models/gpt/gpt.ts';
import { fromHfConfig, GptConfigError, gptParameterShapes, toHfConfig, type GptConfig } from '../models/gpt/config.ts';
import { firstInvalidUtf8, utf8Decode, utf8Encode } from '../data/utf8.ts';
import { codecFromTokenizerJson, type TokenCodec } from '../tokenizers/codec.ts';

/** File name → bytes: what a checkpoint folder holds. */
export type CheckpointFiles = Record<string, Uint8Array>;

export const textFile = (s: string) => Uint8Array.from(utf8Encode(s));

export function readTextFile(files: CheckpointFiles, name: string): string {
  const bytes = files[name];
  if (!bytes) throw new Error(`the checkpoint has no ${name}`);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new Error(`${name} is not valid UTF-8 (byte ${bad})`);
  return utf8Decode(bytes);
}

export function readJsonFile(files: CheckpointFiles, name: string): unknown {
  const text = readTextFile(files, name);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${name} is truncated or malformed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The names GPT-2 gives the linear biases that a bias-free model leaves out. */
function linearBiasNames(c: GptConfig): string[] {
  return Array.from({ length: c.nLayer }, (_, i) => ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'].map((n) => `transformer.h.${i}.${n}.bias`)).flat();
}

/** model.safetensors bytes in GPT-2 naming. */
export async function gptWeights(model: GPT): Promise<Uint8Array> {
  const c = model.config;
  const arrays: NamedArray[] = await Promise.all(
    model.namedParameters().map(async ([name, t]) => ({ name, dtype: 'F32' as const, shape: [...t.shape], data: (await t.data()) as Float32Array })),
  );
  if (c.positions === 'sinusoidal') arrays.push({ name: 'transformer.wpe.weight', dtype: 'F32', shape: [c.contextLength, c.nEmbd], data: (await model.positionTable().data()) as Float32Array });
  if (!c.bias) {
    for (const name of linearBiasNames(c)) {
      const width = name.includes('c_attn') ? 3 * c.nEmbd : name.includes('c_fc') ? 4 * c.nEmbd : c.nEmbd;
      arrays.push({ name, dtype: 'F32', shape: [width], data: new Float32Array(width) });
    }
  }
  return writeSafetensors(arrays, { format: 'pt' });
}

export async function gptFolder(model: GPT, codec: TokenCodec): Promise<CheckpointFiles> {
  if (codec.vocabSize !== model.config.vocabSize) throw new Error(`the tokenizer has ${codec.vocabSize} tokens, the model ${model.config.vocabSize}`);
  return {
    'config.json': textFile(JSON.stringify(toHfConfig(model.config), null, 2)),
    'model.safetensors': await gptWeights(model),
    'tokenizer.json': textFile(codec.toTokenizerJson()),
  };
}

const IGNORED = /(^|\.)attn\.(masked_)?bias$|^lm_head\.weight$/;

/** Every tensor the config needs is there with its shape, and nothing else (zero biases and the sinusoidal table we write are allowed). */
function checkTensors(config: GptConfig, byName: Map<string, NamedArray>): void {
  const expected = gptParameterShapes(config);
  const optional = new Set(config.bias ? [] : linearBiasNames(config));
  if (config.positions === 'sinusoidal') optional.add('transformer.wpe.weight');
  const unknown = [...byName.keys()].filter((n) => !expected.has(n) && !optional.has(n));
  if (unknown.length) throw new Error(`model.safetensors has tensors a GPT-2 of this config does not: ${unknown.slice(0, 5).join(', ')}`);
  for (const [name, shape] of expected) {
    const a = byName.get(name);
    if (!a) throw new Error(`model.safetensors has no "${name}", which config.json's model needs`);
    if (a.shape.join() !== shape.join()) throw new Error(`model.safetensors: "${name}" has shape [${a.shape.join(', ')}], the model needs [${shape.join(', ')}] (does config.json match the weights?)`);
  }
}

/** Loads a GPT-2 folder onto a backend, checking config, tokenizer and every tensor first. */
/** `rng` becomes the model's dropout generator (a resumed run restores its state afterwards). */
export async function loadGptCheckpoint(backend: Backend, files: CheckpointFiles, rng = new Rng(0)): Promise<{ model: GPT; codec: TokenCodec; config: GptConfig }> {
  const config = fromHfConfig(readJsonFile(files, 'config.json'));
  const codec = codecFromTokenizerJson(readTextFile(files, 'tokenizer.json'));
  if (codec.vocabSize > config.vocabSize) throw new GptConfigError(`tokenizer.json has ${codec.vocabSize} tokens but config.json's vocab_size is ${config.vocabSize}`);
  const weights = files['model.safetensors'];
  if (!weights) throw new Error('the checkpoint has no model.safetensors');
  const { arrays } = readSafetensors(weights);
  const byName = new Map<string, NamedArray>();
  for (const a of arrays) {
    const name = a.name.startsWith('transformer.') || a.name.startsWith('lm_head.') ? a.name : `transformer.${a.name}`;
    if (IGNORED.test(name)) continue;
    if (a.dtype !== 'F32') throw new Error(`model.safetensors: "${a.name}" is ${a.dtype}; GPT weights must be F32`);
    byName.set(name, a);
  }
  checkTensors(config, byName); // before anything is built: a lying config.json costs no memory
  const model = new GPT(config, backend, rng);
  try {
    const values = new Map<string, { shape: readonly number[]; data: Float32Array }>();
    for (const [n] of model.namedParameters()) values.set(n, { shape: byName.get(n)!.shape, data: byName.get(n)!.data as Float32Array });
    await model.loadStateDict(values);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, codec, config };
}
