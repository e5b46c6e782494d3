// Cross-entropy from logits, fused: mean over rows of −log softmax(logits)[target], skipping
// rows whose target is `ignoreIndex`. Numerically stable (log-sum-exp with the row max).
// Backward is its own kernel: (softmax − one-hot) · g / count, zero on ignored rows.
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, constant, fmt, output } from './op.ts';

export interface CrossEntropyOptions {
  ignoreIndex?: number;
}

export type CrossEntropyKernel = (logits: Storage, targets: Storage, rows: number, classes: number, ignoreIndex: number) => Storage;
export type CrossEntropyGradKernel = (logits: Storage, targets: Storage, grad: Storage, rows: number, classes: number, ignoreIndex: number) => Storage;

/** logits (N, V) float32, targets (N) int32 → scalar mean loss. */
export function crossEntropy(logits: Tensor, targets: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  checkSameBackend('crossEntropy', logits, targets);
  const ignore = opts.ignoreIndex ?? -100;
  if (logits.rank !== 2 || targets.rank !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new Error(`crossEntropy: needs logits (N, V) and targets (N), got ${fmt(logits.shape)} and ${fmt(targets.shape)}`);
  }
  if (targets.dtype !== 'int32') throw new Error(`crossEntropy: targets must be int32, got ${targets.dtype}`);
  if (logits.dtype !== 'float32') throw new Error(`crossEntropy: logits must be float32, got ${logits.dtype}`);
  const [rows, classes] = logits.shape as [number, number];
  const name = logits.backend.name;
  const storage = getKernel<CrossEntropyKernel>('crossEntropy', name)(logits.storage, targets.storage, rows, classes, ignore);
  return output('crossEntropy', [], 'float32', storage, [logits, targets], (g) => {
    const grad = getKernel<CrossEntropyGradKernel>('crossEntropyGrad', name)(logits.storage, targets.storage, g.storage, rows, classes, ignore);
    return [constant(logits.shape, 'float32', grad), null];
  });
}
