// sqrt, rsqrt and GELU built from other ops (pow by scalar, tanh, erf), so their gradients come
// from autograd. GELU: exact x·Φ(x) = ½x(1 + erf(x/√2)), or the tanh approximation of
// Hendrycks & Gimpel (2016) that GPT-2 uses. A fused GELU kernel can replace these later.
import type { Tensor } from '../tensor.ts';
import { add, addScalar, mul, mulScalar, powScalar } from './binary.ts';
import { tanh } from './unary.ts';
import { erf } from './erf.ts';

export const sqrt = (x: Tensor): Tensor => powScalar(x, 0.5);
export const rsqrt = (x: Tensor): Tensor => powScalar(x, -0.5);

export function gelu(x: Tensor, approximate: 'tanh' | 'none' = 'tanh'): Tensor {
  if (approximate === 'none') return mul(mulScalar(x, 0.5), addScalar(erf(mulScalar(x, Math.SQRT1_2)), 1));
  const inner = mulScalar(add(x, mulScalar(powScalar(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mulScalar(x, 0.5), addScalar(tanh(inner), 1));
}
