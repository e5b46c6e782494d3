// An optimizer's state in a checkpoint, in PyTorch's names: optimizer.safetensors holds
// `<param>.exp_avg` and `<param>.exp_avg_sq` (Adam, AdamW: m and v) or `<param>.momentum_buffer`
// (SGD), each parameter's step count and the optimizer's kind in the metadata. Reading checks
// every name and size before it replaces anything.
import { readSafetensors, writeSafetensors, type NamedArray } from '../tensor/safetensors.ts';
import { SGD, type Adam } from '../optim/optimizer.ts';
import type { Module } from '../nn/module.ts';

/** The optimizers a training run can hold. */
export type TrainOptimizer = Adam | SGD;

const kindOf = (opt: TrainOptimizer) => (opt instanceof SGD ? 'sgd' : 'adam');

export async function writeOptimizerState(opt: TrainOptimizer, model: Module): Promise<Uint8Array> {
  const arrays: NamedArray[] = [];
  const steps: Record<string, number> = {};
  const add = async (name: string, t: { shape: readonly number[]; data(): Promise<ArrayLike<number>> }) =>
    arrays.push({ name, dtype: 'F32', shape: [...t.shape], data: (await t.data()) as Float32Array });
  for (const [name, p] of model.namedParameters()) {
    if (opt instanceof SGD) {
      const v = opt.velocityOf(p);
      if (!v) continue;
      steps[name] = opt.step;
      await add(`${name}.momentum_buffer`, v);
    } else {
      const st = opt.moments(p);
      if (!st) continue;
      steps[name] = st.t;
      await add(`${name}.exp_avg`, st.m);
      await add(`${name}.exp_avg_sq`, st.v);
    }
  }
  return writeSafetensors(arrays, { steps: JSON.stringify(steps), optimizer: kindOf(opt) });
}

export function readOptimizerState(opt: TrainOptimizer, model: Module, bytes: Uint8Array): void {
  const { arrays, metadata } = readSafetensors(bytes);
  const kind = metadata.optimizer ?? 'adam'; // files written before SGD was offered hold Adam moments
  if (kind !== kindOf(opt)) throw new Error(`optimizer.safetensors holds ${kind} state; this run's optimizer is ${kindOf(opt)}`);
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
    if (!p) throw new Error(`optimizer.safetensors: state for "${name}", which the model does not have`);
    const fits = (a: NamedArray | undefined): a is NamedArray => a !== undefined && a.data.length === p.size;
    if (opt instanceof SGD) {
      const v = byName.get(`${name}.momentum_buffer`);
      if (!fits(v)) throw new Error(`optimizer.safetensors: the momentum buffer of "${name}" is missing or the wrong size`);
      restores.push(() => opt.setVelocity(p, v.data as Float32Array));
    } else {
      const m = byName.get(`${name}.exp_avg`);
      const v = byName.get(`${name}.exp_avg_sq`);
      if (!fits(m) || !fits(v) || !Number.isInteger(t)) throw new Error(`optimizer.safetensors: the moments of "${name}" are missing or the wrong size`);
      restores.push(() => opt.setMoments(p, m.data as Float32Array, v.data as Float32Array, t as number));
    }
  }
  for (const r of restores) r();
}
