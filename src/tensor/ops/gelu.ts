// GELU (Hendrycks & Gimpel 2016), fused: exact x·Φ(x) = ½x(1 + erf(x/√2)), or the tanh
// approximation GPT-2 uses, ½x(1 + tanh(√(2/π)(x + 0.044715x³))). One kernel forward and one
// hand-written kernel backward (dGELU/dx · g), instead of the six or so ops it would take.
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, constant, fmt, output } from './op.ts';

export type GeluApproximation = 'tanh' | 'none';
export type GeluKernel = (x: Storage, approximate: GeluApproximation) => Storage;
/** dx = g · GELU'(x). */
export type GeluBackwardKernel = (x: Storage, g: Storage, approximate: GeluApproximation) => Storage;

export function gelu(x: Tensor, approximate: GeluApproximation = 'tanh'): Tensor {
  checkSameBackend('gelu', x);
  if (x.dtype !== 'float32') throw new Error(`gelu: needs float32, got ${x.dtype} ${fmt(x.shape)}`);
  const name = x.backend.name;
  const storage = getKernel<GeluKernel>('gelu', name)(x.storage, approximate);
  return output('gelu', x.shape, 'float32', storage, [x], (g) => [
    constant(x.shape, 'float32', getKernel<GeluBackwardKernel>('geluBackward', name)(x.storage, g.storage, approximate)),
  ]);
}
