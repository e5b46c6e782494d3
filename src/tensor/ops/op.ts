// What every op file shares: making its output tensor with the gradient rule attached only when
// gradients are being recorded and an input wants one, and shape helpers for broadcasting.
import { Tensor, isGradEnabled, type Shape } from '../tensor.ts';
import type { DType, Storage } from '../backend.ts';

/** The output tensor of `op`, carrying its backward rule when gradients are recorded and an input wants one. */
export function output(op: string, shape: Shape, dtype: DType, storage: Storage, inputs: Tensor[], backward: (g: Tensor) => (Tensor | null)[]): Tensor {
  const needs = isGradEnabled() && inputs.some((t) => t.requiresGrad);
  return new Tensor(shape, dtype, storage, needs, needs ? { op, inputs, backward } : null);
}

/** A tensor made by a kernel with no gradient of its own (a gradient, a mask, saved statistics). */
export const constant = (shape: Shape, dtype: DType, storage: Storage): Tensor => new Tensor(shape, dtype, storage);

export const fmt = (s: Shape) => `[${s.join(', ')}]`;

/** NumPy broadcasting: align from the right; each pair of sizes must match or one must be 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`${op}: shapes ${fmt(a)} and ${fmt(b)} do not broadcast`);
    out.push(Math.max(x, y));
  }
  return out;
}

/** Row-major strides of a shape, with 0 where `shape` is broadcast up to `to`. */
export function broadcastStrides(shape: Shape, to: Shape): number[] {
  const strides = new Array<number>(to.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = to.length - shape.length + i;
    strides[j] = shape[i] === 1 && to[j] !== 1 ? 0 : s;
    s *= shape[i]!;
  }
  return strides;
}

export function checkSameBackend(op: string, ...ts: Tensor[]): void {
  const b = ts[0]!.backend;
  for (const t of ts) if (t.backend !== b) throw new Error(`${op}: tensors are on different backends (${b.name}, ${t.backend.name})`);
  for (const t of ts) if (t.isDisposed) throw new Error(`${op}: an input tensor was disposed`);
}
