// Scaled dot-product attention for the wasm backend, per score matrix: the six products run on
// the packed SIMD matmul (matmul.ts), the row softmax and its backward four lanes at a time.
// Causal masking aligned bottom-right (query i sees keys j ≤ i + tk − tq); a fully masked row
// gives probabilities 0. Arrays are (count, rows, cols) row-major at byte offsets; `pack` is
// matmul scratch for the largest of the products, `tmp` holds tq·tk floats.
import { matmul } from './matmul';
import { hsum } from './lib/exp';
import { softmaxRow } from './lib/softmax';

/** out = softmax(q·kᵀ·scale)·v and the probabilities, for `count` score matrices. */
export function attentionForward(
  q: usize, k: usize, v: usize, out: usize, probs: usize, count: i32, tq: i32, tk: i32, d: i32, dv: i32, scale: f32, causal: bool, pack: usize,
): void {
  for (let n = 0; n < count; n++) {
    const Q = q + ((<usize>n * <usize>tq * <usize>d) << 2);
    const K = k + ((<usize>n * <usize>tk * <usize>d) << 2);
    const V = v + ((<usize>n * <usize>tk * <usize>dv) << 2);
    const P = probs + ((<usize>n * <usize>tq * <usize>tk) << 2);
    matmul(Q, K, P, tq, d, tk, false, true, pack);
    for (let i = 0; i < tq; i++) {
      const row = P + ((<usize>i * <usize>tk) << 2);
      softmaxRow(row, max(0, min((causal ? i + tk - tq : tk - 1) + 1, tk)), tk, scale, row); // keys j ≤ limit
    }
    matmul(P, V, out + ((<usize>n * <usize>tq * <usize>dv) << 2), tq, tk, dv, false, false, pack);
  }
}

/** dq, dk, dv from the saved probabilities and the output's gradient g. */
export function attentionBackward(
  q: usize, k: usize, v: usize, probs: usize, g: usize, dq: usize, dk: usize, dvOut: usize,
  count: i32, tq: i32, tk: i32, d: i32, dv: i32, scale: f32, tmp: usize, pack: usize,
): void {
  for (let n = 0; n < count; n++) {
    const Q = q + ((<usize>n * <usize>tq * <usize>d) << 2);
    const K = k + ((<usize>n * <usize>tk * <usize>d) << 2);
    const V = v + ((<usize>n * <usize>tk * <usize>dv) << 2);
    const P = probs + ((<usize>n * <usize>tq * <usize>tk) << 2);
    const G = g + ((<usize>n * <usize>tq * <usize>dv) << 2);
    matmul(G, V, tmp, tq, dv, tk, false, true, pack); // dP = g·vᵀ
    const tk4 = tk & ~3;
    const sv = f32x4.splat(scale);
    for (let i = 0; i < tq; i++) {
      const pr = P + ((<usize>i * <usize>tk) << 2);
      const dr = tmp + ((<usize>i * <usize>tk) << 2);
      let acc = f32x4.splat(0);
      for (let j = 0; j < tk4; j += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(pr + (<usize>j << 2)), v128.load(dr + (<usize>j << 2))));
      let dot = hsum(acc);
      for (let j = tk4; j < tk; j++) dot += load<f32>(pr + (<usize>j << 2)) * load<f32>(dr + (<usize>j << 2));
      const dv4 = f32x4.splat(dot);
      for (let j = 0; j < tk4; j += 4) {
        const o = <usize>j << 2;
        v128.store(dr + o, f32x4.mul(f32x4.mul(v128.load(pr + o), f32x4.sub(v128.load(dr + o), dv4)), sv));
      }
      for (let j = tk4; j < tk; j++) store<f32>(dr + (<usize>j << 2), load<f32>(pr + (<usize>j << 2)) * (load<f32>(dr + (<usize>j << 2)) - dot) * scale);
    }
    matmul(tmp, K, dq + ((<usize>n * <usize>tq * <usize>d) << 2), tq, tk, d, false, false, pack); // dQ = dS·k
    matmul(tmp, Q, dk + ((<usize>n * <usize>tk * <usize>d) << 2), tk, tq, d, true, false, pack); // dK = dSᵀ·q
    matmul(P, G, dvOut + ((<usize>n * <usize>tk * <usize>dv) << 2), tk, tq, dv, true, false, pack); // dV = Pᵀ·g
  }
}
