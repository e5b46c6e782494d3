// Gradient clipping by global norm (Pascanu et al. 2013): every gradient is scaled by
// min(1, maxNorm / ‖g‖) where ‖g‖ is over all of them. The norm stays on the device; it is
// returned so the caller can read it for metrics when it wants.
import { noGrad, type Tensor } from '../tensor/tensor.ts';
import { getKernel } from '../tensor/registry.ts';
import { add, mul } from '../tensor/ops/binary.ts';
import { sum } from '../tensor/ops/reduce.ts';
import { sqrt } from '../tensor/ops/math.ts';
import type { ClipKernel } from '../tensor/backends/cpu/kernels-optim.ts';

export function clipGradNorm(params: Tensor[], maxNorm: number): Tensor | null {
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return null;
  return noGrad(() => {
    const squares = grads.map((g) => sum(mul(g, g)));
    const norm = sqrt(squares.reduce((a, b) => add(a, b)));
    for (const s of squares) s.dispose();
    for (const g of grads) getKernel<ClipKernel>('clipByNorm', g.backend.name)(g.storage, norm.storage, maxNorm);
    return norm;
  });
}
