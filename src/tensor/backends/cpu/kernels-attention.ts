// CPU kernels for fused scaled dot-product attention: forward (probabilities and output, one
// query row at a time) and the hand-written backward (dQ, dK, dV from the saved probabilities).
// Sums in float64. The rules, masks and shapes: ops/attention.ts.
import type { Storage, TypedArray } from '../../backend.ts';
import { registerKernel } from '../../registry.ts';
import type { AttentionBackwardKernel, AttentionDims, AttentionKernel } from '../../ops/attention.ts';
import { cpuData } from './cpu-backend.ts';

let registered = false;

/** Offset into the mask of score matrix n (flat over the batch dims), from the mask's strides. */
function maskBase(n: number, dims: AttentionDims): number {
  const strides = dims.maskStrides!;
  let off = 0;
  for (let d = dims.batchShape.length - 1; d >= 0; d--) {
    const size = dims.batchShape[d]!;
    off += (n % size) * strides[d]!;
    n = Math.floor(n / size);
  }
  return off;
}

/** Scores of query row i of matrix n into `row` (−∞ where masked); returns their maximum. */
function scoreRow(Q: TypedArray, K: TypedArray, M: TypedArray | null, n: number, i: number, dims: AttentionDims, row: Float64Array): number {
  const { tq, tk, d, scale, causal } = dims;
  const limit = causal ? i + tk - tq : tk - 1;
  const [rs, cs] = dims.maskStrides ? dims.maskStrides.slice(-2) as [number, number] : [0, 0];
  const mb = M ? maskBase(n, dims) + i * rs : 0;
  const qo = (n * tq + i) * d;
  let max = -Infinity;
  for (let j = 0; j < tk; j++) {
    if (j > limit || (M && M[mb + j * cs] !== 0)) {
      row[j] = -Infinity;
      continue;
    }
    let s = 0;
    const ko = (n * tk + j) * d;
    for (let c = 0; c < d; c++) s += Q[qo + c]! * K[ko + c]!;
    row[j] = s * scale;
    if (row[j]! > max) max = row[j]!;
  }
  return max;
}

export function registerCpuAttentionKernels(): void {
  if (registered) return;
  registered = true;

  registerKernel<AttentionKernel>('attention', 'cpu', (q, k, v, mask, dims) => {
    const { batch, tq, tk, dv } = dims;
    const [out, probs] = [q.backend.alloc(batch * tq * dv, 'float32'), q.backend.alloc(batch * tq * tk, 'float32')];
    const [Q, K, V, O, P] = [cpuData(q), cpuData(k), cpuData(v), cpuData(out), cpuData(probs)];
    const M = mask ? cpuData(mask) : null;
    const row = new Float64Array(tk);
    const acc = new Float64Array(dv);
    for (let n = 0; n < batch; n++) {
      for (let i = 0; i < tq; i++) {
        const r = n * tq + i;
        const max = scoreRow(Q, K, M, n, i, dims, row);
        if (max === -Infinity) continue; // every key masked: probabilities and output stay 0
        let total = 0;
        for (let j = 0; j < tk; j++) total += row[j] = Math.exp(row[j]! - max);
        acc.fill(0);
        for (let j = 0; j < tk; j++) {
          const p = row[j]! / total;
          P[r * tk + j] = p;
          if (p !== 0) for (let c = 0, vo = (n * tk + j) * dv; c < dv; c++) acc[c]! += p * V[vo + c]!;
        }
        O.set(acc, r * dv);
      }
    }
    return { out, probs };
  });

  registerKernel<AttentionBackwardKernel>('attentionBackward', 'cpu', (q, k, v, probs, gOut, dims) => {
    const { batch, tq, tk, d, dv, scale } = dims;
    const alloc = (s: Storage) => q.backend.alloc(s.length, 'float32');
    const [dq, dk, dvs] = [alloc(q), alloc(k), alloc(v)];
    const [Q, K, V, P, G] = [cpuData(q), cpuData(k), cpuData(v), cpuData(probs), cpuData(gOut)];
    const [DQ, DK, DV] = [cpuData(dq), cpuData(dk), cpuData(dvs)];
    const dp = new Float64Array(tk);
    const dqRow = new Float64Array(d);
    const [dkAcc, dvAcc] = [new Float64Array(tk * d), new Float64Array(tk * dv)];
    for (let n = 0; n < batch; n++) {
      dkAcc.fill(0);
      dvAcc.fill(0);
      for (let i = 0; i < tq; i++) {
        const r = n * tq + i;
        // dP = gO·Vᵀ; dS = P ⊙ (dP − Σ P⊙dP) · scale; dQ = dS·K, dK += dSᵀ·Q, dV += Pᵀ·gO.
        let dot = 0;
        for (let j = 0; j < tk; j++) {
          let s = 0;
          for (let c = 0, vo = (n * tk + j) * dv; c < dv; c++) s += G[r * dv + c]! * V[vo + c]!;
          dp[j] = s;
          dot += P[r * tk + j]! * s;
        }
        dqRow.fill(0);
        for (let j = 0; j < tk; j++) {
          const p = P[r * tk + j]!;
          if (p === 0) continue;
          const ds = p * (dp[j]! - dot) * scale;
          for (let c = 0; c < d; c++) {
            dqRow[c]! += ds * K[(n * tk + j) * d + c]!;
            dkAcc[j * d + c]! += ds * Q[r * d + c]!;
          }
          for (let c = 0; c < dv; c++) dvAcc[j * dv + c]! += p * G[r * dv + c]!;
        }
        DQ.set(dqRow, r * d);
      }
      DK.set(dkAcc, n * tk * d);
      DV.set(dvAcc, n * tk * dv);
    }
    return { dq, dk, dv: dvs };
  });
}
