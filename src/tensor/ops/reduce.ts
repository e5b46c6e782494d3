// sum and mean over axes (keepdims optional), and sumTo — the reduction that undoes broadcasting
// in the backward pass of elementwise ops. Gradient of a sum: the incoming gradient broadcast back.
import { Tensor, type Shape } from '../tensor.ts';
import { getKernel, hasKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, fmt, output } from './op.ts';
import { mul, mulScalar, expand } from './binary.ts';
import { reshape } from './reshape.ts';

export type SumKernel = (x: Storage, shape: Shape, axes: number[]) => Storage;
/** Σ x² over every element, accumulated in float64, as a one-element storage. */
export type SumSquaresKernel = (x: Storage) => Storage;

function normalizeAxes(op: string, shape: Shape, axes?: number | number[]): number[] {
  const list = axes === undefined ? shape.map((_, i) => i) : Array.isArray(axes) ? axes : [axes];
  const norm = list.map((a) => (a < 0 ? a + shape.length : a));
  for (const a of norm) if (a < 0 || a >= shape.length) throw new Error(`${op}: axis ${a} is out of range for shape ${fmt(shape)}`);
  return [...new Set(norm)].sort((a, b) => a - b);
}

export function sum(x: Tensor, axes?: number | number[], keepdims = false): Tensor {
  checkSameBackend('sum', x);
  const ax = normalizeAxes('sum', x.shape, axes);
  const kept = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const shape = keepdims ? kept : x.shape.filter((_, i) => !ax.includes(i));
  const storage = getKernel<SumKernel>('sum', x.backend.name)(x.storage, x.shape, ax);
  return output('sum', shape, x.dtype, storage, [x], (g) => [expand(reshape(g, kept), x.shape)]);
}

/**
 * Σ x² over every element (a scalar): the squared norm, e.g. of gradients for clipping. A
 * backend with a `sumSquares` kernel reads x once; others compute sum(x · x).
 */
export function sumSquares(x: Tensor): Tensor {
  checkSameBackend('sumSquares', x);
  if (x.dtype !== 'float32' || !hasKernel('sumSquares', x.backend.name)) return sum(mul(x, x));
  const storage = getKernel<SumSquaresKernel>('sumSquares', x.backend.name)(x.storage);
  return output('sumSquares', [], 'float32', storage, [x], (g) => [mulScalar(mul(x, g), 2)]);
}

export function mean(x: Tensor, axes?: number | number[], keepdims = false): Tensor {
  const ax = normalizeAxes('mean', x.shape, axes);
  const n = ax.reduce((p, a) => p * x.shape[a]!, 1);
  return mulScalar(sum(x, ax, keepdims), 1 / n);
}

/** Sums a broadcast gradient back down to `shape`. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.shape.length - shape.length;
  const axes = g.shape.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1));
  return reshape(sum(g, axes, true), shape);
}
