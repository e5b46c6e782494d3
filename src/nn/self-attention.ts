// Multi-head self-attention from a fused q|k|v projection, shared by the GPT (causal, with a KV
// cache) and the BERT encoder (bidirectional, with a padding mask): the fused kernel when nothing
// else is asked, else heads split out, scaled dot-product attention, heads merged.
// Leaves out the projections themselves (each model keeps its own parameter names and layout).
import type { Tensor } from '../tensor/tensor.ts';
import { mergeHeads, scaledDotProductAttention, selfAttentionQkv, splitHeads } from '../tensor/ops/attention.ts';

export interface SelfAttentionOptions {
  causal?: boolean;
  /** int32, nonzero = masked, broadcast to (B, H, T, T_total): e.g. (B, 1, 1, T) for padded keys. */
  paddingMask?: Tensor;
  /** Also return the attention probabilities (B, H, T, T_total). */
  wantProbs?: boolean;
  /** Extends this call's keys and values with earlier ones (a KV cache): (B, H, T, D) → (B, H, T_total, D). */
  extendKv?: (k: Tensor, v: Tensor) => [Tensor, Tensor];
}

/** qkv (B, T, 3·H·D) → out (B, T, H·D), the heads concatenated; probs when asked. Scores scaled by 1/√D. */
export function multiHeadSelfAttention(qkv: Tensor, nHead: number, opts: SelfAttentionOptions = {}): { out: Tensor; probs?: Tensor } {
  const causal = opts.causal ?? false;
  if (!opts.extendKv && !opts.wantProbs && !opts.paddingMask) return { out: selfAttentionQkv(qkv, nHead, { causal }) };
  let [q, k, v] = splitHeads(qkv, nHead); // (B, H, T, D)
  if (opts.extendKv) [k, v] = opts.extendKv(k, v);
  const { out, probs } = scaledDotProductAttention(q, k, v, { causal, paddingMask: opts.paddingMask, returnProbs: opts.wantProbs ?? false });
  return { out: mergeHeads(out), probs };
}
