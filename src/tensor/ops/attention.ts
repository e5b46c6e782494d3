// Scaled dot-product attention (Vaswani et al. 2017), fused: softmax(Q·Kᵀ·scale + masks)·V for
// q (…, Tq, d), k (…, Tk, d), v (…, Tk, dv) in one kernel, with a hand-written backward kernel
// (dQ, dK, dV from the saved probabilities). Causal masking is aligned bottom-right — query i
// sees keys j ≤ i + Tk − Tq — so a query block at the end of a KV cache works; a padding mask is
// int32 (nonzero = masked) broadcast to (…, Tq, Tk). A row with every key masked gets
// probabilities 0 and output 0. Leaves out dropout on the probabilities.
// selfAttentionQkv is multi-head self-attention taken straight from a fused q|k|v projection;
// a backend with a kernel for it reads that layout in place, others split the heads out first.
// It takes padding as key lengths (batch b sees keys j < length[b]: an encoder's padded batch).
import { fromArray, type Shape, type Tensor } from '../tensor.ts';
import { getKernel, hasKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { broadcastShapes, broadcastStrides, checkSameBackend, constant, fmt, output } from './op.ts';
import { mul, mulScalar, sub } from './binary.ts';
import { sum } from './reduce.ts';
import { matmul } from './matmul.ts';
import { permute } from './permute.ts';
import { reshape } from './reshape.ts';
import { split } from './slice.ts';

export interface AttentionOptions {
  causal?: boolean;
  paddingMask?: Tensor;
  /** Multiplies Q·Kᵀ; 1/√d by default. */
  scale?: number;
  /** Also return the probabilities (…, Tq, Tk), differentiable, for attention maps. */
  returnProbs?: boolean;
}

export interface AttentionDims {
  /** Number of (Tq, Tk) score matrices: the product of the batch dims. */
  batch: number;
  batchShape: Shape;
  tq: number;
  tk: number;
  d: number;
  dv: number;
  scale: number;
  causal: boolean;
  /** The mask's strides over (…, Tq, Tk), 0 on broadcast axes; null without a mask. */
  maskStrides: number[] | null;
}

export type AttentionKernel = (q: Storage, k: Storage, v: Storage, mask: Storage | null, dims: AttentionDims) => { out: Storage; probs: Storage };
export type AttentionBackwardKernel = (
  q: Storage, k: Storage, v: Storage, probs: Storage, gOut: Storage, dims: AttentionDims,
) => { dq: Storage; dk: Storage; dv: Storage };

function dimsOf(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions): AttentionDims {
  const bad = () => new Error(`attention: q ${fmt(q.shape)}, k ${fmt(k.shape)}, v ${fmt(v.shape)} do not fit together (want (…, Tq, d), (…, Tk, d), (…, Tk, dv))`);
  if (q.rank < 2 || k.rank !== q.rank || v.rank !== q.rank) throw bad();
  const batchShape = q.shape.slice(0, -2);
  if ([k, v].some((t) => t.shape.slice(0, -2).some((s, i) => s !== batchShape[i]))) throw bad();
  const [tq, d] = q.shape.slice(-2) as [number, number];
  const [tk, dk] = k.shape.slice(-2) as [number, number];
  const [tv, dv] = v.shape.slice(-2) as [number, number];
  if (dk !== d || tv !== tk) throw bad();
  if ([q, k, v].some((t) => t.dtype !== 'float32')) throw new Error('attention: q, k and v must be float32');
  const scores = [...batchShape, tq, tk];
  const mask = opts.paddingMask;
  if (mask) {
    if (mask.dtype !== 'int32') throw new Error(`attention: the padding mask must be int32, got ${mask.dtype}`);
    const b = broadcastShapes('attention', mask.shape, scores);
    if (b.length !== scores.length || b.some((s, i) => s !== scores[i])) {
      throw new Error(`attention: padding mask ${fmt(mask.shape)} does not broadcast to the scores ${fmt(scores)}`);
    }
  }
  const batch = batchShape.reduce((a, b) => a * b, 1);
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  return { batch, batchShape, tq, tk, d, dv, scale, causal: opts.causal ?? false, maskStrides: mask ? broadcastStrides(mask.shape, scores) : null };
}

export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): { out: Tensor; probs?: Tensor } {
  checkSameBackend('attention', q, k, v, ...(opts.paddingMask ? [opts.paddingMask] : []));
  const dims = dimsOf(q, k, v, opts);
  const name = q.backend.name;
  const r = getKernel<AttentionKernel>('attention', name)(q.storage, k.storage, v.storage, opts.paddingMask?.storage ?? null, dims);
  const scoresShape = [...dims.batchShape, dims.tq, dims.tk];
  const probs: Tensor = opts.returnProbs
    ? output('attentionProbs', scoresShape, 'float32', r.probs, [q, k], (g) => {
        // Softmax backward, then through S = Q·Kᵀ·scale: dQ = dS·K·scale, dK = dSᵀ·Q·scale.
        const ds = mul(probs, sub(g, sum(mul(g, probs), -1, true))); // (…, Tq, Tk)
        return [mulScalar(matmul(ds, k), dims.scale), mulScalar(matmul(ds, q, { transposeA: true }), dims.scale)];
      })
    : constant(scoresShape, 'float32', r.probs);
  const out = output('attention', [...dims.batchShape, dims.tq, dims.dv], 'float32', r.out, [q, k, v], (g) => {
    const grads = getKernel<AttentionBackwardKernel>('attentionBackward', name)(q.storage, k.storage, v.storage, probs.storage, g.storage, dims);
    return [constant(q.shape, 'float32', grads.dq), constant(k.shape, 'float32', grads.dk), constant(v.shape, 'float32', grads.dv)];
  });
  return opts.returnProbs ? { out, probs } : { out };
}

export interface QkvAttentionDims {
  batch: number;
  /** Positions (queries and keys alike). */
  t: number;
  heads: number;
  /** Dimensions per head. */
  d: number;
  scale: number;
  causal: boolean;
}

/** out (B, T, H·D), heads concatenated; probs (B, H, T, T) saved for the backward; lens: B int32 key lengths or null. */
export type AttentionQkvKernel = (qkv: Storage, dims: QkvAttentionDims, lens: Storage | null) => { out: Storage; probs: Storage };
/** dqkv (B, T, 3·H·D) from the saved probabilities and the output's gradient. */
export type AttentionQkvBackwardKernel = (qkv: Storage, probs: Storage, gOut: Storage, dims: QkvAttentionDims, lens: Storage | null) => Storage;

/** The head width d of a fused projection qkv (B, T, 3·heads·d); throws when it does not split so. */
function headWidth(qkv: Tensor, nHead: number): number {
  const C3 = qkv.shape[2]!;
  if (qkv.rank !== 3 || !(nHead > 0) || C3 % (3 * nHead) !== 0) throw new Error(`attention: a fused projection ${fmt(qkv.shape)} does not split into q, k, v of ${nHead} heads (want (B, T, 3·heads·d))`);
  return C3 / 3 / nHead;
}

/** q, k, v (B, H, T, D) from a fused projection (B, T, 3·H·D): per position q, k, v, each with the heads side by side. */
export function splitHeads(qkv: Tensor, nHead: number): [Tensor, Tensor, Tensor] {
  const d = headWidth(qkv, nHead);
  const [B, T] = qkv.shape as [number, number, number];
  const heads = permute(reshape(qkv, [B, T, 3, nHead, d]), [2, 0, 3, 1, 4]); // (3, B, H, T, D)
  return split(heads, [1, 1, 1], 0).map((t) => reshape(t, [B, nHead, T, d])) as [Tensor, Tensor, Tensor];
}

/** (B, H, T, D) → (B, T, H·D), the heads concatenated per position. */
export function mergeHeads(x: Tensor): Tensor {
  const [B, H, T, D] = x.shape as [number, number, number, number];
  return reshape(permute(x, [0, 2, 1, 3]), [B, T, H * D]);
}

/**
 * Multi-head self-attention from a fused projection: qkv (B, T, 3·H·D) → (B, T, H·D), the same
 * as mergeHeads(scaledDotProductAttention(...splitHeads(qkv, H))). A backend with an
 * `attentionQkv` kernel reads q, k and v where they lie and writes the merged output directly
 * (no permuted copies, one fused backward into dqkv); others run that composition.
 */
export function selfAttentionQkv(qkv: Tensor, nHead: number, opts: { causal?: boolean; scale?: number; keyLengths?: ArrayLike<number> } = {}): Tensor {
  checkSameBackend('attention', qkv);
  const d = headWidth(qkv, nHead);
  if (qkv.dtype !== 'float32') throw new Error('attention: qkv must be float32');
  const [B, T] = qkv.shape as [number, number, number];
  const dims: QkvAttentionDims = { batch: B, t: T, heads: nHead, d, scale: opts.scale ?? 1 / Math.sqrt(d), causal: opts.causal ?? false };
  const name = qkv.backend.name;
  const lens = opts.keyLengths;
  if (lens && (lens.length !== B || Array.from(lens).some((n) => !(Number.isInteger(n) && n >= 1 && n <= T)))) {
    throw new Error(`attention: keyLengths must be ${B} integers in [1, ${T}], got [${Array.from(lens).join(', ')}]`);
  }
  if (!hasKernel('attentionQkv', name)) {
    const [q, k, v] = splitHeads(qkv, nHead);
    const paddingMask = lens ? keyLengthMask(qkv, lens, T) : undefined;
    return mergeHeads(scaledDotProductAttention(q, k, v, { causal: dims.causal, scale: dims.scale, paddingMask }).out);
  }
  const lensT = lens ? fromArray(qkv.backend, lens, [B], 'int32') : null;
  const r = getKernel<AttentionQkvKernel>('attentionQkv', name)(qkv.storage, dims, lensT?.storage ?? null);
  const probs = constant([B, nHead, T, T], 'float32', r.probs);
  return output('attentionQkv', [B, T, nHead * d], 'float32', r.out, [qkv], (g) => [
    constant(qkv.shape, 'float32', getKernel<AttentionQkvBackwardKernel>('attentionQkvBackward', name)(qkv.storage, probs.storage, g.storage, dims, lensT?.storage ?? null)),
  ]);
}

/** The padding mask (B, 1, 1, T) int32 of key lengths: 1 at keys j ≥ length[b]. */
export function keyLengthMask(like: Tensor, lengths: ArrayLike<number>, T: number): Tensor {
  const B = lengths.length;
  const mask = new Int32Array(B * T);
  for (let b = 0; b < B; b++) mask.fill(1, b * T + lengths[b]!, (b + 1) * T);
  return fromArray(like.backend, mask, [B, 1, 1, T], 'int32');
}
