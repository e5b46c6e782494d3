// Dropout (Srivastava et al. 2014), inverted: in training, each element is zeroed with
// probability p and the rest scaled by 1/(1−p); in evaluation it is the identity. The mask is
// drawn from the caller's seeded generator on the CPU side and uploaded, so every backend
// drops the same elements for the same seed.
import { fromArray, type Tensor } from '../tensor.ts';
import { mul } from './binary.ts';

export interface UniformSource {
  next(): number;
}

export function dropout(x: Tensor, p: number, rng: UniformSource, training: boolean): Tensor {
  if (p < 0 || p >= 1) throw new Error(`dropout: p must be in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  const keep = 1 / (1 - p);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < p ? 0 : keep;
  return mul(x, fromArray(x.backend, mask, x.shape));
}
