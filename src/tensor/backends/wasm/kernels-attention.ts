// Scaled dot-product attention on the wasm backend: per score matrix, the products (Q·Kᵀ, P·V
// and, backward, gO·Vᵀ, dS·K, dSᵀ·Q, Pᵀ·gO) run on the SIMD matmul, the row softmax and its
// backward in plain loops. Padding masks go to the CPU reference kernel. Same rules as
// ops/attention.ts: causal masking aligned bottom-right, a fully masked row gives zeros.
import { getKernel, registerKernel } from '../../registry.ts';
import type { AttentionBackwardKernel, AttentionKernel } from '../../ops/attention.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import { WasmKernels } from './wasm-module.ts';

/** dst (cols × rows) = src (rows × cols)ᵀ, from src[so…]. */
function transposed(src: Float32Array, so: number, rows: number, cols: number, dst: Float32Array): Float32Array {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[j * rows + i] = src[so + i * cols + j]!;
  return dst;
}

export function registerWasmAttention(name: string, wk: WasmKernels): void {
  const base = WasmKernels.index();
  /** out[oo…] = a (m×k) · b (k×n); a and b are whole arrays or views. */
  const mm = (a: Float32Array, b: Float32Array, m: number, k: number, n: number, out: Float32Array, oo: number) => {
    const mem = wk.scratch(wk.productFloats(m, k, n));
    mem.set(a.subarray(0, m * k), base);
    mem.set(b.subarray(0, k * n), base + m * k);
    wk.product(0, m * k, m * k + k * n, m, k, n);
    out.set(mem.subarray(base + m * k + k * n, base + m * k + k * n + m * n), oo);
  };
  const cpuForward = getKernel<AttentionKernel>('attention', 'cpu');
  const cpuBackward = getKernel<AttentionBackwardKernel>('attentionBackward', 'cpu');

  registerKernel<AttentionKernel>('attention', name, (q, k, v, mask, dims) => {
    if (mask) return cpuForward(q, k, v, mask, dims);
    const { batch, tq, tk, d, dv, scale, causal } = dims;
    const [out, probs] = [q.backend.alloc(batch * tq * dv, 'float32'), q.backend.alloc(batch * tq * tk, 'float32')];
    const [Q, K, V, O, P] = [cpuData(q), cpuData(k), cpuData(v), cpuData(out), cpuData(probs)] as Float32Array[];
    const kt = new Float32Array(d * tk);
    const s = new Float32Array(tq * tk);
    for (let n = 0; n < batch; n++) {
      mm(Q!.subarray(n * tq * d), transposed(K!, n * tk * d, tk, d, kt), tq, d, tk, s, 0);
      for (let i = 0; i < tq; i++) {
        const limit = causal ? i + tk - tq : tk - 1;
        const row = i * tk;
        let max = -Infinity;
        for (let j = 0; j <= limit && j < tk; j++) max = Math.max(max, s[row + j]! * scale);
        let total = 0;
        for (let j = 0; j < tk; j++) {
          const e = j <= limit && max > -Infinity ? Math.exp(s[row + j]! * scale - max) : 0;
          s[row + j] = e;
          total += e;
        }
        for (let j = 0; j < tk; j++) s[row + j] = total > 0 ? s[row + j]! / total : 0;
      }
      P!.set(s, n * tq * tk);
      mm(s, V!.subarray(n * tk * dv), tq, tk, dv, O!, n * tq * dv);
    }
    return { out, probs };
  });

  registerKernel<AttentionBackwardKernel>('attentionBackward', name, (q, k, v, probs, gOut, dims) => {
    if (dims.maskStrides) return cpuBackward(q, k, v, probs, gOut, dims);
    const { batch, tq, tk, d, dv, scale } = dims;
    const [dq, dk, dvs] = [q.backend.alloc(q.length, 'float32'), q.backend.alloc(k.length, 'float32'), q.backend.alloc(v.length, 'float32')];
    const [Q, K, V, P, G, DQ, DK, DV] = [q, k, v, probs, gOut, dq, dk, dvs].map((x) => cpuData(x) as Float32Array) as Float32Array[];
    const vt = new Float32Array(dv * tk);
    const dp = new Float32Array(tq * tk);
    const t1 = new Float32Array(tk * tq);
    for (let n = 0; n < batch; n++) {
      const [po, go] = [n * tq * tk, n * tq * dv];
      mm(G!.subarray(go), transposed(V!, n * tk * dv, tk, dv, vt), tq, dv, tk, dp, 0); // dP = gO·Vᵀ
      for (let i = 0; i < tq; i++) {
        let dot = 0;
        for (let j = 0; j < tk; j++) dot += P![po + i * tk + j]! * dp[i * tk + j]!;
        for (let j = 0; j < tk; j++) dp[i * tk + j] = P![po + i * tk + j]! * (dp[i * tk + j]! - dot) * scale; // dS
      }
      mm(dp, K!.subarray(n * tk * d), tq, tk, d, DQ!, n * tq * d); // dQ = dS·K
      mm(transposed(dp, 0, tq, tk, t1), Q!.subarray(n * tq * d), tk, tq, d, DK!, n * tk * d); // dK = dSᵀ·Q
      mm(transposed(P!, po, tq, tk, t1), G!.subarray(go), tk, tq, dv, DV!, n * tk * dv); // dV = Pᵀ·gO
    }
    return { dq, dk, dv: dvs };
  });
}
