// Scaled dot-product attention (Vaswani et al. 2017): softmax(Q·Kᵀ/√d_k [+ masks]) · V for
// (…, T, d) inputs, causal (future masked) and/or with a padding mask (int32, nonzero = masked,
// broadcast to the (…, T, T) scores). Returns the attention probabilities when asked, for the
// attention maps. Composed from other ops; a fused kernel can replace it later.
import type { Tensor } from '../tensor.ts';
import { mulScalar } from './binary.ts';
import { matmul } from './matmul.ts';
import { maskedFill } from './masked-fill.ts';
import { softmax } from './softmax.ts';
import { fmt } from './op.ts';

export interface AttentionOptions {
  causal?: boolean;
  paddingMask?: Tensor;
  returnProbs?: boolean;
}

export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): { out: Tensor; probs?: Tensor } {
  const d = q.shape.at(-1)!;
  if (k.shape.at(-1) !== d || k.rank !== q.rank || v.rank !== q.rank) {
    throw new Error(`attention: q ${fmt(q.shape)}, k ${fmt(k.shape)}, v ${fmt(v.shape)} do not fit together`);
  }
  let scores = mulScalar(matmul(q, k, { transposeB: true }), 1 / Math.sqrt(d)); // (…, T, T)
  if (opts.paddingMask) scores = maskedFill(scores, opts.paddingMask, -1e9);
  const probs = softmax(scores, { causal: opts.causal ?? false });
  const out = matmul(probs, v); // (…, T, d_v)
  return opts.returnProbs ? { out, probs } : { out };
}
