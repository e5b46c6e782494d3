// The error function, elementwise, with its own kernel. Gradient: (2/√π)·exp(−x²).
// CPU evaluates it to float32 accuracy (backends/cpu/special.ts).
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, output } from './op.ts';
import { mul, mulScalar } from './binary.ts';
import { exp } from './unary.ts';

export type ErfKernel = (x: Storage) => Storage;

export function erf(x: Tensor): Tensor {
  checkSameBackend('erf', x);
  const storage = getKernel<ErfKernel>('erf', x.backend.name)(x.storage);
  return output('erf', x.shape, x.dtype, storage, [x], (g) => [mul(g, mulScalar(exp(mulScalar(mul(x, x), -1)), 2 / Math.sqrt(Math.PI)))]);
}
