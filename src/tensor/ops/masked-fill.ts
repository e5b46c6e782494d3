// maskedFill: x where mask is 0, `value` where it is not (mask int32, broadcast to x) — the
// padding mask of attention. Gradient: the incoming gradient where the mask is 0, else 0.
import type { Tensor } from '../tensor.ts';
import type { Shape } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { broadcastShapes, checkSameBackend, fmt, output } from './op.ts';

export type MaskedFillKernel = (x: Storage, mask: Storage, maskShape: Shape, shape: Shape, value: number) => Storage;

export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  checkSameBackend('maskedFill', x, mask);
  if (mask.dtype !== 'int32') throw new Error(`maskedFill: the mask must be int32, got ${mask.dtype}`);
  const shape = broadcastShapes('maskedFill', x.shape, mask.shape);
  if (shape.length !== x.rank || shape.some((d, i) => d !== x.shape[i])) throw new Error(`maskedFill: mask ${fmt(mask.shape)} must broadcast to x ${fmt(x.shape)}`);
  const storage = getKernel<MaskedFillKernel>('maskedFill', x.backend.name)(x.storage, mask.storage, mask.shape, x.shape, value);
  return output('maskedFill', x.shape, x.dtype, storage, [x, mask], (g) => [maskedFill(g, mask, 0), null]);
}
