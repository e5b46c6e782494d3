// Gradient clipping by global norm (Pascanu et al. 2013): every gradient is scaled by
// min(1, maxNorm / ‖g‖) where ‖g‖ is over all of them. The norm stays on the device; it is
// returned so the caller can read it for metrics when it wants (the caller disposes it).
import { noGrad, scope, type Tensor } from '../tensor/tensor.ts';
import { add } from '../tensor/ops/binary.ts';
import { sumSquares } from '../tensor/ops/reduce.ts';
import { sqrt } from '../tensor/ops/math.ts';
import { clipByNorm } from '../tensor/ops/optim-step.ts';

export function clipGradNorm(params: Tensor[], maxNorm: number): Tensor | null {
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return null;
  return scope(() =>
    noGrad(() => {
      const norm = sqrt(grads.map((g) => sumSquares(g)).reduce((a, b) => add(a, b)));
      for (const g of grads) clipByNorm(g, norm, maxNorm);
      return norm;
    }),
  );
}
