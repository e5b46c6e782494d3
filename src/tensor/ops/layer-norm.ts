// Layer normalization over the last axis (Ba et al. 2016), fused: y = (x − μ)/σ · γ + β with
// σ = √(var + ε). The forward kernel keeps μ and 1/σ per row for the hand-written backward
// kernel, which returns dx, dγ and dβ in one pass.
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, constant, fmt, output } from './op.ts';

export type LayerNormKernel = (x: Storage, gamma: Storage, beta: Storage, rows: number, cols: number, eps: number) => { y: Storage; mean: Storage; rstd: Storage };
export type LayerNormBackwardKernel = (x: Storage, gamma: Storage, mean: Storage, rstd: Storage, gy: Storage, rows: number, cols: number) => { dx: Storage; dgamma: Storage; dbeta: Storage };

export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  checkSameBackend('layerNorm', x, gamma, beta);
  if (x.rank < 1 || x.dtype !== 'float32') throw new Error(`layerNorm: needs a float32 (…, C) input, got ${x.dtype} ${fmt(x.shape)}`);
  const cols = x.shape.at(-1)!;
  if (gamma.rank !== 1 || beta.rank !== 1 || gamma.shape[0] !== cols || beta.shape[0] !== cols) {
    throw new Error(`layerNorm: γ and β must be (${cols}) for x ${fmt(x.shape)}, got ${fmt(gamma.shape)} and ${fmt(beta.shape)}`);
  }
  const rows = x.size / cols;
  const name = x.backend.name;
  const { y, mean, rstd } = getKernel<LayerNormKernel>('layerNorm', name)(x.storage, gamma.storage, beta.storage, rows, cols, eps);
  // Kept as tensors so that scope() frees them with the rest of the step.
  const saved = [constant([rows], 'float32', mean), constant([rows], 'float32', rstd)];
  return output('layerNorm', x.shape, 'float32', y, [x, gamma, beta], (g) => {
    const r = getKernel<LayerNormBackwardKernel>('layerNormBackward', name)(x.storage, gamma.storage, saved[0]!.storage, saved[1]!.storage, g.storage, rows, cols);
    return [constant(x.shape, 'float32', r.dx), constant(gamma.shape, 'float32', r.dgamma), constant(beta.shape, 'float32', r.dbeta)];
  });
}
