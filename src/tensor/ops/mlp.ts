// The transformer's MLP without biases, fused: y = GELU_tanh(x·W1)·W2 for x (…, C), W1 (C, F),
// W2 (F, C). A backend with the `matmulGelu` kernels applies GELU in the first product's
// epilogue (keeping the pre-activation for the backward) and GELU′ in the epilogue of the
// product that brings the gradient back through W2, so the F-wide activations are not read and
// written again by separate GELU passes; others compose matmul, gelu, matmul (the same math).
import type { Tensor } from '../tensor.ts';
import { getKernel, hasKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, constant, fmt, output } from './op.ts';
import { matmul, type MatmulKernel } from './matmul.ts';
import { gelu } from './gelu.ts';
import { reshape } from './reshape.ts';

export interface MatmulGeluDims {
  rows: number;
  /** x's width C. */
  k: number;
  /** The hidden width F. */
  n: number;
}

/** h = x·W1 (rows × F) and a = GELU_tanh(h). */
export type MatmulGeluKernel = (x: Storage, w1: Storage, dims: MatmulGeluDims) => { h: Storage; a: Storage };
/** dh = (g·W2ᵀ) ⊙ GELU′(h) for g (rows × C), W2 (F, C), h (rows × F). */
export type MatmulGeluGradKernel = (g: Storage, w2: Storage, h: Storage, dims: MatmulGeluDims) => Storage;

export function geluMlp(x: Tensor, w1: Tensor, w2: Tensor): Tensor {
  checkSameBackend('geluMlp', x, w1, w2);
  const C = x.shape.at(-1)!;
  const F = w1.shape[1]!;
  if (x.rank < 2 || w1.rank !== 2 || w2.rank !== 2 || w1.shape[0] !== C || w2.shape[0] !== F || w2.shape[1] !== C) {
    throw new Error(`geluMlp: x ${fmt(x.shape)}, W1 ${fmt(w1.shape)}, W2 ${fmt(w2.shape)} do not fit together (want (…, C), (C, F), (F, C))`);
  }
  const name = x.backend.name;
  if (!hasKernel('matmulGelu', name) || [x, w1, w2].some((t) => t.dtype !== 'float32')) return matmul(gelu(matmul(x, w1), 'tanh'), w2);
  const rows = x.size / C;
  const dims: MatmulGeluDims = { rows, k: C, n: F };
  const r = getKernel<MatmulGeluKernel>('matmulGelu', name)(x.storage, w1.storage, dims);
  const [h, a] = [constant([rows, F], 'float32', r.h), constant([rows, F], 'float32', r.a)];
  const y = getKernel<MatmulKernel>('matmul', name)(r.a, w2.storage, { batch: 1, m: rows, k: F, n: C, transposeA: false, transposeB: false, bBatched: false });
  return output('geluMlp', x.shape, 'float32', y, [x, w1, w2], (g) => {
    const g2 = reshape(g, [rows, C]);
    const dh = constant([rows, F], 'float32', getKernel<MatmulGeluGradKernel>('matmulGeluGrad', name)(g2.storage, w2.storage, h.storage, dims));
    const x2 = reshape(x, [rows, C]);
    return [reshape(matmul(dh, w1, { transposeB: true }), x.shape), matmul(x2, dh, { transposeA: true }), matmul(a, g2, { transposeA: true })];
  });
}
