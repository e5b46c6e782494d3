// Multi-head self-attention read straight from a fused projection, the layout GPT-2's c_attn
// writes: row r = b·T + i of qkv holds 3C floats (C = H·D) — queries, then keys, then values,
// each with the heads side by side — so head h of position i reads its query at h·D, its key at
// C + h·D and its value at 2C + h·D, and writes its output at h·D of out's row (C floats: the
// heads concatenated). No permuted copies of q, k, v are made. The sizes are small (T and D are
// tens), so the products run as direct SIMD loops rather than on the packed matmul: per
// (batch, head) pair the keys (forward) or the values (backward) are transposed into scratch
// (D × Tp, Tp = T rounded up to 16, zeros past T) so that a row of scores takes four keys per multiply-add,
// s[j..j+3] += q[c]·Kᵀ[c][j..j+3]; weighted sums of rows keep up to 32 output floats in
// registers.
// Causal: query i sees keys j ≤ i, and only those are computed. Key lengths (`lens`, B int32,
// 0 = none): in batch b only keys j < lens[b] are seen (padding at the end, as an encoder's
// batches have it); the keys past them get zero gradients. The probabilities (B, H, T, T)
// are saved for the backward, zero past the mask. Pointers are byte offsets into this module's
// memory. Not type-checked by tsc.
import { hsum, madd } from './lib/exp';
import { softmaxRow } from './lib/softmax';
import { chunkDone, takeChunk } from './lib/chunks';

// @ts-ignore: decorator
@inline function pad16(n: i32): i32 {
  return (n + 15) & ~15;
}

/** Bytes of scratch one thread needs for sequences of t positions and heads of d dims. */
export function attentionQkvScratchBytes(t: i32, d: i32): i32 {
  const tp = pad16(t);
  return (d * tp + tp + t * tp) * 4 + 64;
}

/**
 * Reads one float of every 64-byte line of the d columns at src of rows 0..t (row stride `ld`
 * floats) and returns their sum: independent loads that bring a pair's strided rows into cache
 * together (many misses in flight) before the loops that need them one after another. In a
 * training step the inputs have often left the caches (the backward's were written a whole
 * forward pass before); measured on the baby GPT, one thread, ms a step: forward 3.6 → 3.2,
 * backward 7.1 → 5.4 (the same kernels on warm data: 2.7 and 3.4).
 */
function touchRows(src: usize, ld: i32, t: i32, d: i32): f32 {
  let s: f32 = 0;
  const bytes = <usize>d << 2;
  for (let j = 0; j < t; j++) {
    const row = src + ((<usize>j * <usize>ld) << 2);
    for (let o: usize = 0; o < bytes; o += 64) s += load<f32>(row + o);
    s += load<f32>(row + bytes - 4);
  }
  return s;
}

/** touchRows over a pair's query, key and value columns (base: its query at position 0). */
function touchQkv(base: usize, ld: i32, C: i32, t: i32, d: i32): f32 {
  return touchRows(base, ld, t, d) + touchRows(base + (<usize>C << 2), ld, t, d) + touchRows(base + (<usize>(2 * C) << 2), ld, t, d);
}

/** dst (d × tp) = the d columns at src of rows 0..t (row stride `ld` floats), transposed; columns t..tp are 0. */
function transposeHead(src: usize, ld: i32, t: i32, d: i32, tp: i32, dst: usize): void {
  for (let j = 0; j < t; j++) {
    const row = src + ((<usize>j * <usize>ld) << 2);
    for (let c = 0; c < d; c++) store<f32>(dst + ((<usize>c * <usize>tp + <usize>j) << 2), load<f32>(row + (<usize>c << 2)));
  }
  if (tp > t) for (let c = 0; c < d; c++) memory.fill(dst + ((<usize>c * <usize>tp + <usize>t) << 2), 0, <usize>(tp - t) << 2);
}

// The products below are all weighted sums of rows: out[0..4V) = Σ_{s<S} w_s · M_s[0..4V), the
// weight w_s at w + s·wStep bytes, the row M_s at m + s·mStep bytes, for V = 8, 4 or 1 vectors
// kept in registers (eight independent sums are enough multiply-adds in flight to cover their
// latency). Left as functions, not inlined: V8 allocates their registers better (measured:
// attention forward 0.84 → 0.73 ms a layer, backward 1.12 → 0.92).

function weighted8(w: usize, wStep: usize, S: i32, m: usize, mStep: usize, out: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  let a4 = f32x4.splat(0);
  let a5 = f32x4.splat(0);
  let a6 = f32x4.splat(0);
  let a7 = f32x4.splat(0);
  for (let s = 0; s < S; s++) {
    const ws = f32x4.splat(load<f32>(w));
    a0 = madd(ws, v128.load(m), a0);
    a1 = madd(ws, v128.load(m, 16), a1);
    a2 = madd(ws, v128.load(m, 32), a2);
    a3 = madd(ws, v128.load(m, 48), a3);
    a4 = madd(ws, v128.load(m, 64), a4);
    a5 = madd(ws, v128.load(m, 80), a5);
    a6 = madd(ws, v128.load(m, 96), a6);
    a7 = madd(ws, v128.load(m, 112), a7);
    w += wStep;
    m += mStep;
  }
  v128.store(out, a0);
  v128.store(out, a1, 16);
  v128.store(out, a2, 32);
  v128.store(out, a3, 48);
  v128.store(out, a4, 64);
  v128.store(out, a5, 80);
  v128.store(out, a6, 96);
  v128.store(out, a7, 112);
}

function weighted4(w: usize, wStep: usize, S: i32, m: usize, mStep: usize, out: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let s = 0; s < S; s++) {
    const ws = f32x4.splat(load<f32>(w));
    a0 = madd(ws, v128.load(m), a0);
    a1 = madd(ws, v128.load(m, 16), a1);
    a2 = madd(ws, v128.load(m, 32), a2);
    a3 = madd(ws, v128.load(m, 48), a3);
    w += wStep;
    m += mStep;
  }
  v128.store(out, a0);
  v128.store(out, a1, 16);
  v128.store(out, a2, 32);
  v128.store(out, a3, 48);
}

function weighted1(w: usize, wStep: usize, S: i32, m: usize, mStep: usize, out: usize): void {
  let a = f32x4.splat(0);
  for (let s = 0; s < S; s++) {
    a = madd(f32x4.splat(load<f32>(w)), v128.load(m), a);
    w += wStep;
    m += mStep;
  }
  v128.store(out, a);
}

/** row[j] = Σ_c x[c]·mt[c][j] for j < n rounded up to 16 (tp is a multiple of 16); x holds d floats, mt is d × tp. */
function rowTimes(x: usize, mt: usize, d: i32, tp: i32, n: i32, row: usize): void {
  const n16 = pad16(n);
  const stride = <usize>tp << 2;
  let j = 0;
  for (; j + 32 <= n16; j += 32) weighted8(x, 4, d, mt + (<usize>j << 2), stride, row + (<usize>j << 2));
  if (j < n16) weighted4(x, 4, d, mt + (<usize>j << 2), stride, row + (<usize>j << 2));
}

/**
 * out[c] = Σ_{j<n} w_j · rows_j[c] for c < d: the weights w_j at w + j·wStride bytes, the rows
 * at base + j·ld floats.
 */
function weightedRows(w: usize, wStride: usize, n: i32, base: usize, ld: i32, d: i32, out: usize): void {
  const stride = <usize>ld << 2;
  let c = 0;
  for (; c + 32 <= d; c += 32) weighted8(w, wStride, n, base + (<usize>c << 2), stride, out + (<usize>c << 2));
  for (; c + 16 <= d; c += 16) weighted4(w, wStride, n, base + (<usize>c << 2), stride, out + (<usize>c << 2));
  for (; c + 4 <= d; c += 4) weighted1(w, wStride, n, base + (<usize>c << 2), stride, out + (<usize>c << 2));
  for (; c < d; c++) {
    let a: f32 = 0;
    let p = base + (<usize>c << 2);
    let q = w;
    for (let j = 0; j < n; j++) {
      a += load<f32>(q) * load<f32>(p);
      p += stride;
      q += wStride;
    }
    store<f32>(out + (<usize>c << 2), a);
  }
}

/** Forward for the (batch, head) pairs [from, to) of h heads of d dims over t positions. */
export function attentionQkvForward(
  qkv: usize, out: usize, probs: usize, t: i32, h: i32, d: i32, scale: f32, causal: i32, lens: usize, from: i32, to: i32, scratch: usize,
): void {
  const C = h * d;
  const ld = 3 * C;
  const tp = pad16(t);
  const kt = scratch;
  const row = kt + ((<usize>d * <usize>tp) << 2);
  for (let p = from; p < to; p++) {
    const b = p / h;
    const head = p % h;
    const base = qkv + ((<usize>b * <usize>t * <usize>ld + <usize>head * <usize>d) << 2); // q of position 0
    const keys = lens ? load<i32>(lens + (<usize>b << 2)) : t;
    store<f32>(row, touchQkv(base, ld, C, t, d)); // kept, so the loads are not dropped (row is overwritten below)
    transposeHead(base + (<usize>C << 2), ld, t, d, tp, kt);
    for (let i = 0; i < t; i++) {
      const n = min(causal ? i + 1 : t, keys);
      rowTimes(base + ((<usize>i * <usize>ld) << 2), kt, d, tp, n, row);
      const P = probs + ((<usize>(p * t + i) * <usize>t) << 2);
      softmaxRow(row, n, t, scale, P);
      weightedRows(P, 4, n, base + (<usize>(2 * C) << 2), ld, d, out + ((<usize>(b * t + i) * <usize>C + <usize>head * <usize>d) << 2));
    }
  }
}

/**
 * Backward for the pairs [from, to): from the saved probabilities P and the output's gradient g
 * (B, T, C), writes head h's columns of dqkv: dQ = dS·K, dK = dSᵀ·Q, dV = Pᵀ·g with
 * dS = P ⊙ (g·Vᵀ − rowsum(P ⊙ g·Vᵀ)) · scale.
 */
export function attentionQkvBackward(
  qkv: usize, probs: usize, g: usize, dqkv: usize, t: i32, h: i32, d: i32, scale: f32, causal: i32, lens: usize, from: i32, to: i32, scratch: usize,
): void {
  const C = h * d;
  const ld = 3 * C;
  const tp = pad16(t);
  const vt = scratch;
  const row = vt + ((<usize>d * <usize>tp) << 2);
  const ds = row + (<usize>tp << 2);
  for (let p = from; p < to; p++) {
    const b = p / h;
    const head = p % h;
    const off = <usize>b * <usize>t * <usize>ld + <usize>head * <usize>d;
    const base = qkv + (off << 2);
    const dbase = dqkv + (off << 2);
    const gbase = g + ((<usize>b * <usize>t * <usize>C + <usize>head * <usize>d) << 2);
    const P0 = probs + ((<usize>p * <usize>t * <usize>t) << 2);
    const keys = lens ? load<i32>(lens + (<usize>b << 2)) : t;
    store<f32>(ds, touchQkv(base, ld, C, t, d) + touchRows(gbase, C, t, d)); // kept, as in the forward
    transposeHead(base + (<usize>(2 * C) << 2), ld, t, d, tp, vt);
    for (let i = 0; i < t; i++) {
      const n = min(causal ? i + 1 : t, keys);
      rowTimes(gbase + ((<usize>i * <usize>C) << 2), vt, d, tp, n, row); // dP row i
      const P = P0 + ((<usize>i * <usize>t) << 2);
      const n4 = n & ~3;
      let acc = f32x4.splat(0);
      for (let j = 0; j < n4; j += 4) acc = madd(v128.load(P + (<usize>j << 2)), v128.load(row + (<usize>j << 2)), acc);
      let dot = hsum(acc);
      for (let j = n4; j < n; j++) dot += load<f32>(P + (<usize>j << 2)) * load<f32>(row + (<usize>j << 2));
      const dsRow = ds + ((<usize>i * <usize>tp) << 2);
      const dotv = f32x4.splat(dot);
      const sv = f32x4.splat(scale);
      for (let j = 0; j < n4; j += 4) {
        const o = <usize>j << 2;
        v128.store(dsRow + o, f32x4.mul(f32x4.mul(v128.load(P + o), f32x4.sub(v128.load(row + o), dotv)), sv));
      }
      for (let j = n4; j < n; j++) store<f32>(dsRow + (<usize>j << 2), load<f32>(P + (<usize>j << 2)) * (load<f32>(row + (<usize>j << 2)) - dot) * scale);
      weightedRows(dsRow, 4, n, base + (<usize>C << 2), ld, d, dbase + ((<usize>i * <usize>ld) << 2)); // dQ_i
    }
    for (let j = 0; j < t; j++) {
      const i0 = causal ? j : 0;
      const n = j < keys ? t - i0 : 0; // a key past the length: no query saw it, zero gradients
      // dK_j = Σ_i dS[i][j]·Q_i and dV_j = Σ_i P[i][j]·g_i over the queries that see key j.
      weightedRows(ds + ((<usize>i0 * <usize>tp + <usize>j) << 2), <usize>tp << 2, n, base + ((<usize>i0 * <usize>ld) << 2), ld, d, dbase + ((<usize>j * <usize>ld + <usize>C) << 2));
      weightedRows(P0 + ((<usize>i0 * <usize>t + <usize>j) << 2), <usize>t << 2, n, gbase + ((<usize>i0 * <usize>C) << 2), C, d, dbase + ((<usize>j * <usize>ld + <usize>(2 * C)) << 2));
    }
  }
}

/**
 * attentionQkvForward over all B·H pairs (`pairs`), shared by the threads in chunks they take
 * as they come (lib/chunks.ts: control words at ctl, call `seq`, 1/divisor of what is left at a
 * time, at least `least` pairs); `scratch` is this thread's own.
 */
export function attentionQkvForwardChunks(
  qkv: usize, out: usize, probs: usize, t: i32, h: i32, d: i32, scale: f32, causal: i32, lens: usize, pairs: i32, divisor: i32, least: i32, ctl: usize, seq: u32, scratch: usize,
): void {
  for (let c = takeChunk(ctl, seq, pairs, divisor, least); c >= 0; c = takeChunk(ctl, seq, pairs, divisor, least)) {
    attentionQkvForward(qkv, out, probs, t, h, d, scale, causal, lens, <i32>(c >> 32), <i32>(c & 0xffffffff), scratch);
    chunkDone(ctl, c, pairs);
  }
}

/** attentionQkvBackward over all pairs in chunks, as attentionQkvForwardChunks. */
export function attentionQkvBackwardChunks(
  qkv: usize, probs: usize, g: usize, dqkv: usize, t: i32, h: i32, d: i32, scale: f32, causal: i32, lens: usize, pairs: i32, divisor: i32, least: i32, ctl: usize, seq: u32, scratch: usize,
): void {
  for (let c = takeChunk(ctl, seq, pairs, divisor, least); c >= 0; c = takeChunk(ctl, seq, pairs, divisor, least)) {
    attentionQkvBackward(qkv, probs, g, dqkv, t, h, d, scale, causal, lens, <i32>(c >> 32), <i32>(c & 0xffffffff), scratch);
    chunkDone(ctl, c, pairs);
  }
}
