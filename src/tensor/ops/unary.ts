// Elementwise neg, exp, log, tanh, relu. Gradients in terms of other ops: exp' = exp,
// log' = 1/x, tanh' = 1 − tanh², relu' = step(x) (the `step` kernel has no gradient).
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, fmt, output } from './op.ts';
import { addScalar, div, mul, mulScalar } from './binary.ts';

export type UnaryKind = 'neg' | 'exp' | 'log' | 'tanh' | 'relu' | 'step';
export type UnaryKernel = (kind: UnaryKind, x: Storage) => Storage;

function unary(kind: UnaryKind, x: Tensor, backward: ((g: Tensor, y: Tensor) => Tensor) | null): Tensor {
  checkSameBackend(kind, x);
  if (x.dtype !== 'float32') throw new Error(`${kind}: needs float32, got ${x.dtype} ${fmt(x.shape)}`);
  const storage = getKernel<UnaryKernel>('unary', x.backend.name)(kind, x.storage);
  const y: Tensor = output(kind, x.shape, x.dtype, storage, backward ? [x] : [], (g) => [backward!(g, y)]);
  return y;
}

export const neg = (x: Tensor): Tensor => unary('neg', x, (g) => neg(g));
export const exp = (x: Tensor): Tensor => unary('exp', x, (g, y) => mul(g, y));
export const log = (x: Tensor): Tensor => unary('log', x, (g) => div(g, x));
export const tanh = (x: Tensor): Tensor => unary('tanh', x, (g, y) => mul(g, addScalar(mulScalar(mul(y, y), -1), 1)));
export const relu = (x: Tensor): Tensor => unary('relu', x, (g) => mul(g, step(x)));
/** 1 where x > 0, else 0; no gradient. */
export const step = (x: Tensor): Tensor => unary('step', x, null);
