// Dropout (Srivastava et al. 2014), inverted: in training each element is zeroed with
// probability p and the rest scaled by 1/(1−p); in evaluation it is the identity. The mask is
// made by a kernel from a counter-based hash, so every backend drops the same elements for the
// same seed and nothing is uploaded per step: element i is dropped when
// lowbias32(i·0x9E3779B9 + seed) < ⌊p·2³²⌋, all in u32 arithmetic, with one 32-bit seed
// drawn from the caller's generator per call. Hash: C. Wellons, "Prospecting for hash functions" (2018).
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Backend, Storage } from '../backend.ts';
import { constant, fmt } from './op.ts';
import { mul } from './binary.ts';

export interface UniformSource {
  /** Uniform in [0, 1). */
  next(): number;
}

/** A float32 mask of n elements: 0 where dropped, `scale` elsewhere. threshold = ⌊p·2³²⌋. */
export type DropoutMaskKernel = (backend: Backend, n: number, seed: number, threshold: number, scale: number) => Storage;

export function dropout(x: Tensor, p: number, rng: UniformSource, training: boolean): Tensor {
  if (!(p >= 0 && p < 1)) throw new Error(`dropout: p must be in [0, 1), got ${p}`);
  if (x.dtype !== 'float32') throw new Error(`dropout: needs float32, got ${x.dtype} ${fmt(x.shape)}`);
  if (!training || p === 0) return x;
  const seed = Math.floor(rng.next() * 2 ** 32) >>> 0;
  const threshold = Math.min(Math.floor(p * 2 ** 32), 2 ** 32 - 1);
  const mask = getKernel<DropoutMaskKernel>('dropoutMask', x.backend.name)(x.backend, x.size, seed, threshold, 1 / (1 - p));
  return mul(x, constant(x.shape, 'float32', mask));
}
