// max over axes (keepdims optional). Gradient: the incoming gradient goes to the first
// position that holds the maximum along the reduced axes (a 0/1 mask from its own kernel).
import type { Tensor, Shape } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, constant, fmt, output } from './op.ts';
import { expand, mul } from './binary.ts';
import { reshape } from './reshape.ts';

/** Returns the maxima (kept dims of size 1) and, when `mask` is true, a 0/1 mask of x's shape. */
export type MaxKernel = (x: Storage, shape: Shape, axes: number[], mask: boolean) => Storage;

export function max(x: Tensor, axes?: number | number[], keepdims = false): Tensor {
  checkSameBackend('max', x);
  const list = axes === undefined ? x.shape.map((_, i) => i) : Array.isArray(axes) ? axes : [axes];
  const ax = [...new Set(list.map((a) => (a < 0 ? a + x.rank : a)))].sort((a, b) => a - b);
  if (ax.some((a) => a < 0 || a >= x.rank)) throw new Error(`max: axes [${list.join(', ')}] are out of range for ${fmt(x.shape)}`);
  if (ax.some((a) => x.shape[a] === 0)) throw new Error(`max: cannot reduce an empty axis of ${fmt(x.shape)}`);
  const kept = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const kernel = getKernel<MaxKernel>('max', x.backend.name);
  const storage = kernel(x.storage, x.shape, ax, false);
  return output('max', keepdims ? kept : x.shape.filter((_, i) => !ax.includes(i)), x.dtype, storage, [x], (g) => {
    const mask = constant(x.shape, x.dtype, kernel(x.storage, x.shape, ax, true));
    return [mul(expand(reshape(g, kept), x.shape), mask)];
  });
}
