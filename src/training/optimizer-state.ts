// AdamW's moments in a checkpoint: optimizer.safetensors holds `<param>.exp_avg` and
// `<param>.exp_avg_sq` (PyTorch's names for m and v) and each parameter's step count in the
// metadata. Reading checks every name and size before it replaces anything.
import { readSafetensors, writeSafetensors, type NamedArray } from '../tensor/safetensors.ts';
import type { Adam } from '../optim/optimizer.ts';
import type { Module } from '../nn/module.ts';

export async function writeMoments(opt: Adam, model: Module): Promise<Uint8Array> {
  const arrays: NamedArray[] = [];
  const steps: Record<string, number> = {};
  for (const [name, p] of model.namedParameters()) {
    const st = opt.moments(p);
    if (!st) continue;
    steps[name] = st.t;
    arrays.push({ name: `${name}.exp_avg`, dtype: 'F32', shape: [...p.shape], data: (await st.m.data()) as Float32Array });
    arrays.push({ name: `${name}.exp_avg_sq`, dtype: 'F32', shape: [...p.shape], data: (await st.v.data()) as Float32Array });
  }
  return writeSafetensors(arrays, { steps: JSON.stringify(steps) });
}

export function readMoments(opt: Adam, model: Module, bytes: Uint8Array): void {
  const { arrays, metadata } = readSafetensors(bytes);
  let steps: Record<string, unknown>;
  try {
    steps = JSON.parse(metadata.steps ?? '{}') as Record<string, unknown>;
  } catch {
    throw new Error('optimizer.safetensors: the "steps" metadata is not JSON');
  }
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const params = new Map(model.namedParameters());
  const restores: (() => void)[] = [];
  for (const [name, t] of Object.entries(steps)) {
    const p = params.get(name);
    const m = byName.get(`${name}.exp_avg`);
    const v = byName.get(`${name}.exp_avg_sq`);
    if (!p) throw new Error(`optimizer.safetensors: moments for "${name}", which the model does not have`);
    if (!m || !v || m.data.length !== p.size || v.data.length !== p.size || !Number.isInteger(t)) throw new Error(`optimizer.safetensors: the moments of "${name}" are missing or the wrong size`);
    restores.push(() => opt.setMoments(p, m.data as Float32Array, v.data as Float32Array, t as number));
  }
  for (const r of restores) r();
}
