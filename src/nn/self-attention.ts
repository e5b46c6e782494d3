// Multi-head self-attention from a fused q|k|v projection, shared by the GPT (causal, with a KV
// cache) and the BERT encoder (bidirectional, padded keys masked): the fused kernel when no cache,
// probabilities or general mask are asked (padding given as key lengths stays fused), else heads
// split out, scaled dot-product attention, heads merged.
// Leaves out the projections themselves (each model keeps its own parameter names and layout).
import type { Tensor } from '../tensor/tensor.ts';
import { keyLengthMask, mergeHeads, scaledDotProductAttention, selfAttentionQkv, splitHeads } from '../tensor/ops/attention.ts';

export interface SelfAttentionOptions {
  causal?: boolean;
  /** int32, nonzero = masked, broadcast to (B, H, T, T_total): e.g. (B, 1, 1, T) for padded keys. */
  paddingMask?: Tensor;
  /** Padding at the end of each row: batch b sees keys j < keyLengths[b]. */
  keyLengths?: ArrayLike<number>;
  /** Also return the attention probabilities (B, H, T, T_total). */
  wantProbs?: boolean;
  /** Extends this call's keys and values with earlier ones (a KV cache): (B, H, T, D) → (B, H, T_total, D). */
  extendKv?: (k: Tensor, v: Tensor) => [Tensor, Tensor];
}

/** qkv (B, T, 3·H·D) → out (B, T, H·D), the heads concatenated; probs when asked. Scores scaled by 1/√D. */
export function multiHeadSelfAttention(qkv: Tensor, nHead: number, opts: SelfAttentionOptions = {}): { out: Tensor; probs?: Tensor } {
  const causal = opts.causal ?? false;
  if (opts.paddingMask && opts.keyLengths) throw new Error('self-attention: give a padding mask or key lengths, not both');
  if (!opts.extendKv && !opts.wantProbs && !opts.paddingMask) return { out: selfAttentionQkv(qkv, nHead, { causal, keyLengths: opts.keyLengths }) };
  let [q, k, v] = splitHeads(qkv, nHead); // (B, H, T, D)
  if (opts.extendKv) [k, v] = opts.extendKv(k, v);
  const paddingMask = opts.keyLengths ? keyLengthMask(qkv, opts.keyLengths, k.shape[2]!) : opts.paddingMask;
  const { out, probs } = scaledDotProductAttention(q, k, v, { causal, paddingMask, returnProbs: opts.wantProbs ?? false });
  return { out: mergeHeads(out), probs };
}
