// AssemblyScript (built by scripts/build-wasm.mjs): the skinny product C (m×n) = op(A)·op(B)
// for a few rows of A (a decoder's one new token: a matrix–vector product), streaming the
// weight B once without packing it. B stored k×n: per block of columns, each row of B adds
// a[i,p]·B[p,·] to C's rows (kept in L1), four rows of B at a time. B stored n×k (a tied LM
// head): eight rows of B at once, 4×4 blocks transposed in registers. Every element of C is the
// same chain of multiply-adds over p = 0…k−1 as in the packed product (matmul.ts), so the two
// agree bit for bit. Work is split over threads by columns of C (chunks.ts). Not type-checked by tsc.
import { madd } from './lib/exp';
import { chunkDone, takeChunk } from './lib/chunks';

/** Columns of C per block when B is stored k×n: m rows of this many floats stay in L1. */
const BLOCK: i32 = 512;

/** a[i, p] of op(A): A stored m×k, or k×m when ta. */
// @ts-ignore: decorator
@inline function aAt(a: usize, ta: bool, m: i32, k: i32, i: i32, p: i32): v128 {
  return v128.load32_splat(a + ((ta ? <usize>p * <usize>m + <usize>i : <usize>i * <usize>k + <usize>p) << 2));
}

/** One float of C: lane 0 of the multiply-add chain over p of a[i,·]·B[·,j] (B stored k×n), for the columns past whole vectors. */
function columnScalar(a: usize, b: usize, ta: bool, m: i32, k: i32, n: i32, i: i32, j: i32): f32 {
  let acc = f32x4.splat(0);
  for (let p = 0; p < k; p++) acc = madd(aAt(a, ta, m, k, i, p), f32x4.splat(load<f32>(b + ((<usize>p * <usize>n + <usize>j) << 2))), acc);
  return f32x4.extract_lane(acc, 0);
}

/** Columns [s, e) of C for B stored k×n: blocks of BLOCK columns, B's rows streamed four at a time. */
function plainColumns(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, ta: bool, s: i32, e: i32): void {
  const row = <usize>n << 2;
  for (let j0 = s; j0 < e; j0 += BLOCK) {
    const w = min(BLOCK, e - j0);
    const wv = w & ~3;
    for (let i = 0; i < m; i++) memory.fill(c + <usize>i * row + (<usize>j0 << 2), 0, <usize>wv << 2);
    const k4 = k & ~3;
    for (let p = 0; p < k; p += 4) {
      const four = p < k4;
      const b0 = b + <usize>p * row + (<usize>j0 << 2);
      for (let i = 0; i < m; i++) {
        const ci = c + <usize>i * row + (<usize>j0 << 2);
        const x0 = aAt(a, ta, m, k, i, p);
        if (four) {
          const x1 = aAt(a, ta, m, k, i, p + 1);
          const x2 = aAt(a, ta, m, k, i, p + 2);
          const x3 = aAt(a, ta, m, k, i, p + 3);
          for (let o: usize = 0; o < (<usize>wv << 2); o += 16) {
            let acc = madd(x0, v128.load(b0 + o), v128.load(ci + o));
            acc = madd(x1, v128.load(b0 + row + o), acc);
            acc = madd(x2, v128.load(b0 + 2 * row + o), acc);
            v128.store(ci + o, madd(x3, v128.load(b0 + 3 * row + o), acc));
          }
        } else {
          for (let q = p; q < k; q++) {
            const x = aAt(a, ta, m, k, i, q);
            const bq = b0 + <usize>(q - p) * row;
            for (let o: usize = 0; o < (<usize>wv << 2); o += 16) v128.store(ci + o, madd(x, v128.load(bq + o), v128.load(ci + o)));
          }
        }
      }
    }
    for (let i = 0; i < m; i++) for (let j = j0 + wv; j < j0 + w; j++) store<f32>(c + <usize>i * row + (<usize>j << 2), columnScalar(a, b, ta, m, k, n, i, j));
  }
}

/** acc + Σ_q x_q·t_q over the columns of the 4×4 block whose rows are r0..r3 (lanes: the rows), q in order. */
// @ts-ignore: decorator
@inline function block4(r0: v128, r1: v128, r2: v128, r3: v128, x0: v128, x1: v128, x2: v128, x3: v128, acc: v128): v128 {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  acc = madd(x0, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), acc);
  acc = madd(x1, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), acc);
  acc = madd(x2, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), acc);
  return madd(x3, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), acc);
}

/** Four floats of B stored n×k: column q of the rows at r0..r3. */
// @ts-ignore: decorator
@inline function gather4(r0: usize, r1: usize, r2: usize, r3: usize, o: usize): v128 {
  let v = v128.load32_splat(r0 + o);
  v = v128.load32_lane(r1 + o, v, 1);
  v = v128.load32_lane(r2 + o, v, 2);
  return v128.load32_lane(r3 + o, v, 3);
}

/** Stores the first `w` lanes of v at dst. */
function storeLanes(dst: usize, v: v128, w: i32): void {
  if (w >= 4) return v128.store(dst, v);
  store<f32>(dst, f32x4.extract_lane(v, 0));
  if (w > 1) store<f32>(dst, f32x4.extract_lane(v, 1), 4);
  if (w > 2) store<f32>(dst, f32x4.extract_lane(v, 2), 8);
}

/** Columns [s, e) of C for B stored n×k: eight rows of B at a time (the last ones repeated past e, not stored). */
function transposedColumns(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, ta: bool, s: i32, e: i32): void {
  const ld = <usize>k << 2;
  const k4 = k & ~3;
  for (let j = s; j < e; j += 8) {
    const r0 = b + <usize>j * ld;
    const r1 = b + <usize>min(j + 1, e - 1) * ld, r2 = b + <usize>min(j + 2, e - 1) * ld, r3 = b + <usize>min(j + 3, e - 1) * ld;
    const r4 = b + <usize>min(j + 4, e - 1) * ld, r5 = b + <usize>min(j + 5, e - 1) * ld;
    const r6 = b + <usize>min(j + 6, e - 1) * ld, r7 = b + <usize>min(j + 7, e - 1) * ld;
    for (let i = 0; i < m; i++) {
      let lo = f32x4.splat(0);
      let hi = f32x4.splat(0);
      for (let p = 0; p < k4; p += 4) {
        const o = <usize>p << 2;
        const x0 = aAt(a, ta, m, k, i, p), x1 = aAt(a, ta, m, k, i, p + 1);
        const x2 = aAt(a, ta, m, k, i, p + 2), x3 = aAt(a, ta, m, k, i, p + 3);
        lo = block4(v128.load(r0 + o), v128.load(r1 + o), v128.load(r2 + o), v128.load(r3 + o), x0, x1, x2, x3, lo);
        hi = block4(v128.load(r4 + o), v128.load(r5 + o), v128.load(r6 + o), v128.load(r7 + o), x0, x1, x2, x3, hi);
      }
      for (let p = k4; p < k; p++) {
        const o = <usize>p << 2;
        const x = aAt(a, ta, m, k, i, p);
        lo = madd(x, gather4(r0, r1, r2, r3, o), lo);
        hi = madd(x, gather4(r4, r5, r6, r7, o), hi);
      }
      const ci = c + ((<usize>i * <usize>n + <usize>j) << 2);
      storeLanes(ci, lo, e - j);
      if (e - j > 4) storeLanes(ci + 16, hi, e - j - 4);
    }
  }
}

/**
 * One thread's share of C (m×n, m small) = op(A)·op(B); ta: A stored k×m, tb: B stored n×k.
 * Threads take chunks of slices of 8 columns from the control words at ctl (as matmulChunks),
 * 1/divisor of what is left at a time and at least `least`, until none are left.
 */
export function matvecChunks(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, ta: bool, tb: bool, divisor: i32, least: i32, ctl: usize, seq: u32): void {
  const count = (n + 7) / 8;
  let next = takeChunk(ctl, seq, count, divisor, least);
  while (next >= 0) {
    const s = <i32>(next >> 32) * 8;
    const e = min(n, <i32>(next & 0xffffffff) * 8);
    if (tb) transposedColumns(a, b, c, m, k, n, ta, s, e);
    else plainColumns(a, b, c, m, k, n, ta, s, e);
    chunkDone(ctl, next, count);
    next = takeChunk(ctl, seq, count, divisor, least);
  }
}
