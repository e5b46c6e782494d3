// where(cond, a, b): a where the int32 cond is nonzero, else b, all three broadcast together
// (NumPy rules). Gradients: g where cond holds goes to a, the rest to b, each summed back to
// its input's shape. maskedFill (masked-fill.ts) is the one-tensor, constant-value form.
import { fill, type Shape, type Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { broadcastShapes, checkSameBackend, fmt, output } from './op.ts';
import { sumTo } from './reduce.ts';

export type WhereKernel = (cond: Storage, condShape: Shape, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Shape) => Storage;

export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  checkSameBackend('where', cond, a, b);
  if (cond.dtype !== 'int32') throw new Error(`where: the condition must be int32, got ${cond.dtype} ${fmt(cond.shape)}`);
  if (a.dtype !== b.dtype) throw new Error(`where: dtypes differ (${a.dtype} ${fmt(a.shape)}, ${b.dtype} ${fmt(b.shape)})`);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const storage = getKernel<WhereKernel>('where', a.backend.name)(cond.storage, cond.shape, a.storage, a.shape, b.storage, b.shape, shape);
  return output('where', shape, a.dtype, storage, [cond, a, b], (g) => {
    const zero = fill(g.backend, [], 0);
    return [null, sumTo(where(cond, g, zero), a.shape), sumTo(where(cond, zero, g), b.shape)];
  });
}
