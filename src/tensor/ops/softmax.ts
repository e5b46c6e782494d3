// softmax and log-softmax over the last axis, numerically stable (the row max is subtracted),
// with an optional causal mask for square (…, T, T) scores: entries j > i get probability 0.
// Backward, with other ops: softmax dx = y ⊙ (g − Σ g⊙y), log-softmax dx = g − exp(y) ⊙ Σ g.
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, fmt, output } from './op.ts';
import { mul, sub } from './binary.ts';
import { exp } from './unary.ts';
import { sum } from './reduce.ts';

export interface SoftmaxOptions {
  causal?: boolean;
}

export type SoftmaxKernel = (x: Storage, rows: number, cols: number, opts: { log: boolean; causal: boolean }) => Storage;

function run(op: string, x: Tensor, log: boolean, causal: boolean): Storage {
  checkSameBackend(op, x);
  if (x.rank < 1 || x.dtype !== 'float32') throw new Error(`${op}: needs a float32 tensor with at least one axis, got ${x.dtype} ${fmt(x.shape)}`);
  const cols = x.shape.at(-1)!;
  if (causal && (x.rank < 2 || x.shape.at(-2) !== cols)) throw new Error(`${op}: a causal mask needs square (…, T, T) scores, got ${fmt(x.shape)}`);
  return getKernel<SoftmaxKernel>('softmax', x.backend.name)(x.storage, x.size / cols, cols, { log, causal });
}

export function softmax(x: Tensor, opts: SoftmaxOptions = {}): Tensor {
  const y: Tensor = output('softmax', x.shape, 'float32', run('softmax', x, false, opts.causal ?? false), [x], (g) => [
    mul(y, sub(g, sum(mul(g, y), -1, true))),
  ]);
  return y;
}

export function logSoftmax(x: Tensor, opts: SoftmaxOptions = {}): Tensor {
  const y: Tensor = output('logSoftmax', x.shape, 'float32', run('logSoftmax', x, true, opts.causal ?? false), [x], (g) => [
    sub(g, mul(exp(y), sum(g, -1, true))),
  ]);
  return y;
}
