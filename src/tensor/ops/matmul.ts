// Matrix product with batch dimensions and optionally transposed operands:
// (…, M, K) · (…, K, N) → (…, M, N); a 2-D right operand is shared by every batch.
// Gradients: dA = dC · Bᵀ, dB = Aᵀ · dC (summed over the batch when B was shared).
import type { Tensor, Shape } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, fmt, output } from './op.ts';
import { sum } from './reduce.ts';
import { reshape } from './reshape.ts';

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** batch: number of matrices in A; bBatched: whether B has one per batch (else shared). */
export type MatmulKernel = (a: Storage, b: Storage, dims: { batch: number; m: number; k: number; n: number; transposeA: boolean; transposeB: boolean; bBatched: boolean }) => Storage;

export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  checkSameBackend('matmul', a, b);
  const tA = opts.transposeA ?? false;
  const tB = opts.transposeB ?? false;
  if (a.rank < 2 || b.rank < 2) throw new Error(`matmul: needs matrices, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  const batchShape: Shape = a.shape.slice(0, -2);
  const bBatched = b.rank > 2;
  if (bBatched && (b.rank !== a.rank || b.shape.slice(0, -2).some((d, i) => d !== batchShape[i]))) {
    throw new Error(`matmul: batch dimensions of ${fmt(a.shape)} and ${fmt(b.shape)} differ`);
  }
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = tA ? [ac, ar] : [ar, ac];
  const [k2, n] = tB ? [bc, br] : [br, bc];
  if (k !== k2) throw new Error(`matmul: inner dimensions differ: ${fmt(a.shape)}${tA ? 'ᵀ' : ''} · ${fmt(b.shape)}${tB ? 'ᵀ' : ''}`);
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const storage = getKernel<MatmulKernel>('matmul', a.backend.name)(a.storage, b.storage, { batch, m, k, n, transposeA: tA, transposeB: tB, bBatched });
  return output('matmul', [...batchShape, m, n], 'float32', storage, [a, b], (g) => {
    // C = op(A)·op(B). d op(A) = G·op(B)ᵀ, d op(B) = op(A)ᵀ·G; undo the transposes.
    const ga = tA ? matmul(b, g, { transposeA: tB, transposeB: true }) : matmul(g, b, { transposeB: !tB });
    if (!bBatched && a.rank > 2 && !tA) {
      // B is shared: its gradient sums over the batch, which is one product over the flattened rows.
      const a2 = reshape(a, [batch * m, k]);
      const g2 = reshape(g, [batch * m, n]);
      return [ga, tB ? matmul(g2, a2, { transposeA: true }) : matmul(a2, g2, { transposeA: true })];
    }
    let gb = tB ? matmul(g, a, { transposeA: true, transposeB: tA }) : matmul(a, g, { transposeA: !tA });
    if (!bBatched && a.rank > 2) gb = sum(gb, batchShape.map((_, i) => i));
    return [ga, gb];
  });
}
