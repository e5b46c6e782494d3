// The weights a folder holds against what its config.json says the model needs: the number of
// layers first (from the names alone, so a config claiming 2,147,483,647 layers fails before any
// list is built), then every name, shape and dtype — all before a parameter is allocated. Then
// the values are written into the model one tensor at a time (peak: the model plus one tensor).
// Leaves out partial loads: a missing or extra tensor is an error, never silently skipped.
import type { Module } from '../nn/module.ts';
import { PretrainedError, type ModelFolder } from './folder.ts';
import { FLOAT_DTYPES, type TensorEntry } from './safetensors-header.ts';
import { readTensor } from './weights.ts';

export interface WeightPlan {
  /** A file name → the model's parameter name; null for buffers to skip (attn.bias, rotary inv_freq). */
  rename(fileName: string): string | null;
  /** Model names with the layer index as the first number after this prefix (`transformer.h.`). */
  layerPrefix: string;
  /** The layer count config.json gives, and the field it came from. */
  layers: number;
  layerField: string;
  /** Model name → shape the config implies (called only once the layer count matches). */
  expected(): Map<string, readonly number[]>;
  /** Expected names that may be absent (a head the architecture does not have): they keep their initialization. */
  optional?(name: string): boolean;
}

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;
const some = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');

function layerCount(names: Iterable<string>, prefix: string): number {
  let max = -1;
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const m = /^(\d+)\./.exec(n.slice(prefix.length));
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** Model name → entry, after checking everything; throws a PretrainedError naming the first problems. */
export function checkWeights(entries: Map<string, TensorEntry>, plan: WeightPlan): Map<string, TensorEntry> {
  const byModel = new Map<string, TensorEntry>();
  for (const [fileName, e] of entries) {
    const name = plan.rename(fileName);
    if (name === null) continue;
    if (byModel.has(name)) throw new PretrainedError(`"${fileName}" and "${byModel.get(name)!.name}" are the same parameter ${name}`);
    byModel.set(name, e);
  }
  const held = layerCount(byModel.keys(), plan.layerPrefix);
  if (held !== plan.layers) throw new PretrainedError(`config.json's ${plan.layerField} is ${plan.layers} but the weights hold ${held} layers`);
  const expected = plan.expected();
  const missing = [...expected.keys()].filter((n) => !byModel.has(n) && !plan.optional?.(n));
  if (missing.length) throw new PretrainedError(`the weights lack ${some(missing)}`);
  const extra = [...byModel.keys()].filter((n) => !expected.has(n)).map((n) => byModel.get(n)!.name);
  if (extra.length) throw new PretrainedError(`the weights hold tensors this config does not use: ${some(extra)}`);
  for (const [name, shape] of expected) {
    const e = byModel.get(name);
    if (!e) continue;
    if (e.shape.length !== shape.length || e.shape.some((d, i) => d !== shape[i])) {
      throw new PretrainedError(`tensor "${e.name}" has shape ${fmt(e.shape)}; config.json implies ${fmt(shape)}`);
    }
    if (!FLOAT_DTYPES.includes(e.dtype)) throw new PretrainedError(`tensor "${e.name}" is ${e.dtype}; weights must be F32, F16 or BF16`);
  }
  return byModel;
}

/**
 * Reads each checked tensor and writes it into the model's parameter of that name, one at a time;
 * returns the parameters left at their initialization (allowed only when the plan says optional).
 */
export async function writeWeights(folder: ModelFolder, model: Module, byModel: Map<string, TensorEntry>, plan?: WeightPlan): Promise<string[]> {
  const fresh: string[] = [];
  for (const [name, t] of model.namedParameters()) {
    const e = byModel.get(name);
    if (e) t.backend.write(t.storage, await readTensor(folder, e));
    else if (plan?.optional?.(name)) fresh.push(name);
    else throw new PretrainedError(`no tensor for the model's parameter ${name}`);
  }
  return fresh;
}
