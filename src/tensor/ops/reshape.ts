// reshape: the same elements in a new shape (one dimension may be -1). Gradient: reshape back.
// A backend that can hand out a second handle on the same storage (Backend.view) makes no copy.
import { Tensor, sizeOf, type Shape } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, fmt, output } from './op.ts';

export type CopyKernel = (x: Storage) => Storage;

export function reshape(x: Tensor, shape: Shape): Tensor {
  checkSameBackend('reshape', x);
  const known = shape.filter((d) => d !== -1);
  const resolved = shape.map((d) => (d === -1 ? x.size / sizeOf(known) : d));
  if (shape.filter((d) => d === -1).length > 1 || sizeOf(resolved) !== x.size || resolved.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`reshape: cannot view ${fmt(x.shape)} (${x.size} elements) as ${fmt(shape)}`);
  }
  const storage = x.backend.view ? x.backend.view(x.storage) : getKernel<CopyKernel>('copy', x.backend.name)(x.storage);
  return output('reshape', resolved, x.dtype, storage, [x], (g) => [reshape(g, x.shape)]);
}
