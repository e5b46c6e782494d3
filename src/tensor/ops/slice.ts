// slice (a box of x: begin and size per axis), concat along an axis, and split into sizes.
// Gradients: a slice's is its gradient placed back into zeros (the `unslice` kernel); concat's
// are slices of it; split is slices. Leaves out steps (every stride is 1).
import type { Tensor, Shape } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, constant, fmt, output } from './op.ts';

export type SliceKernel = (x: Storage, shape: Shape, begin: number[], size: number[]) => Storage;
/** Writes `part` (of shape size) into a zero tensor of `shape` at `begin`. */
export type UnsliceKernel = (part: Storage, shape: Shape, begin: number[], size: number[]) => Storage;
export type ConcatKernel = (parts: Storage[], shapes: Shape[], axis: number, out: Shape) => Storage;

export function slice(x: Tensor, begin: number[], size: number[]): Tensor {
  checkSameBackend('slice', x);
  if (begin.length !== x.rank || size.length !== x.rank) throw new Error(`slice: needs a begin and a size for each of the ${x.rank} axes`);
  const sz = size.map((s, i) => (s === -1 ? x.shape[i]! - begin[i]! : s));
  if (sz.some((s, i) => begin[i]! < 0 || s < 0 || begin[i]! + s > x.shape[i]!)) {
    throw new Error(`slice: begin [${begin.join(', ')}] size [${size.join(', ')}] is outside ${fmt(x.shape)}`);
  }
  const name = x.backend.name;
  const storage = getKernel<SliceKernel>('slice', name)(x.storage, x.shape, begin, sz);
  return output('slice', sz, x.dtype, storage, [x], (g) => [constant(x.shape, x.dtype, getKernel<UnsliceKernel>('unslice', name)(g.storage, x.shape, begin, sz))]);
}

export function concat(parts: Tensor[], axis: number): Tensor {
  if (parts.length === 0) throw new Error('concat: nothing to concatenate');
  checkSameBackend('concat', ...parts);
  const first = parts[0]!;
  const ax = axis < 0 ? axis + first.rank : axis;
  if (ax < 0 || ax >= first.rank) throw new Error(`concat: axis ${axis} is out of range for ${fmt(first.shape)}`);
  for (const p of parts) {
    if (p.dtype !== first.dtype) throw new Error(`concat: dtypes differ (${first.dtype}, ${p.dtype})`);
    if (p.rank !== first.rank || p.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new Error(`concat: ${fmt(p.shape)} does not match ${fmt(first.shape)} outside axis ${ax}`);
    }
  }
  const out = first.shape.map((d, i) => (i === ax ? parts.reduce((s, p) => s + p.shape[ax]!, 0) : d));
  const storage = getKernel<ConcatKernel>('concat', first.backend.name)(parts.map((p) => p.storage), parts.map((p) => p.shape), ax, out);
  return output('concat', out, first.dtype, storage, parts, (g) => {
    let at = 0;
    return parts.map((p) => {
      const begin = out.map((_, i) => (i === ax ? at : 0));
      at += p.shape[ax]!;
      return slice(g, begin, [...p.shape]);
    });
  });
}

export function split(x: Tensor, sizes: number[], axis: number): Tensor[] {
  const ax = axis < 0 ? axis + x.rank : axis;
  if (ax < 0 || ax >= x.rank) throw new Error(`split: axis ${axis} is out of range for ${fmt(x.shape)}`);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== x.shape[ax]) {
    throw new Error(`split: sizes [${sizes.join(', ')}] do not add up to ${x.shape[ax]} on axis ${ax} of ${fmt(x.shape)}`);
  }
  let at = 0;
  return sizes.map((s) => {
    const begin = x.shape.map((_, i) => (i === ax ? at : 0));
    at += s;
    return slice(x, begin, x.shape.map((d, i) => (i === ax ? s : d)));
  });
}
