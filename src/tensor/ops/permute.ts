// permute (and transpose, its two-axis case): the axes of x in a new order, as a contiguous
// copy. Gradient: the inverse permutation.
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import type { Shape } from '../tensor.ts';
import { checkSameBackend, fmt, output } from './op.ts';

export type PermuteKernel = (x: Storage, shape: Shape, perm: number[]) => Storage;

export function permute(x: Tensor, perm: number[]): Tensor {
  checkSameBackend('permute', x);
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== x.rank || sorted.some((p, i) => p !== i)) throw new Error(`permute: [${perm.join(', ')}] is not a permutation of the axes of ${fmt(x.shape)}`);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  const storage = getKernel<PermuteKernel>('permute', x.backend.name)(x.storage, x.shape, perm);
  return output('permute', perm.map((p) => x.shape[p]!), x.dtype, storage, [x], (g) => [permute(g, inverse)]);
}

/** Swaps two axes (default: the last two). */
export function transpose(x: Tensor, a = -2, b = -1): Tensor {
  const perm = x.shape.map((_, i) => i);
  const [i, j] = [a < 0 ? a + x.rank : a, b < 0 ? b + x.rank : b];
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  return permute(x, perm);
}
