// sqrt and rsqrt as powers (x^½, x^−½), so their gradients come from the pow rule.
// Leaves out a dedicated kernel: pow by a scalar is one elementwise kernel already.
import type { Tensor } from '../tensor.ts';
import { powScalar } from './binary.ts';

export const sqrt = (x: Tensor): Tensor => powScalar(x, 0.5);
export const rsqrt = (x: Tensor): Tensor => powScalar(x, -0.5);
