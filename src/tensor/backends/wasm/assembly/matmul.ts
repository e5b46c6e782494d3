// AssemblyScript (compiled to WebAssembly with 128-bit SIMD by scripts/build-wasm.mjs): the
// matrix product of the wasm backend, C = op(A)·op(B), in the GotoBLAS layout: k is cut into
// blocks of KC; per block, B is packed into zero-padded panels of 8 columns and A into panels
// of 6 rows (lib/pack.ts; k-major, so one A value is one broadcast load; transposes undone);
// a 6×8 micro-kernel keeps its tile of C in twelve f32x4 registers; an optional epilogue
// applies GELU or its derivative to the finished result. Pointers are byte offsets
// into this module's memory, laid out by the TypeScript side. Not type-checked by tsc.
import { madd } from './lib/exp';
import { gelu4, geluSlope4 } from './lib/gelu';
import { chunkDone, takeChunk } from './lib/chunks';
import { MR, packA, packB, padCols, padRows } from './lib/pack';

const KC: i32 = 256;

// The 6×8 tile at c (row stride ldc bytes) += or = the product of an A panel and a B panel:
// twelve f32x4 accumulators, two B vectors and one broadcast A value — 15 of the 16 SIMD
// registers. Measured on a 2-core AMD EPYC with relaxed SIMD, panels in L1: 57 GFLOP/s (the
// 4×8 tile: 51). Not inlined: V8 spills the accumulators of an inlined copy (half the speed).
function tile(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
    c40 = v128.load(c + 4 * ldc); c41 = v128.load(c + 4 * ldc, 16);
    c50 = v128.load(c + 5 * ldc); c51 = v128.load(c + 5 * ldc, 16);
  }
  for (let q = 0; q < kc; q++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    x = v128.load32_splat(pa, 16);
    c40 = madd(x, b0, c40);
    c41 = madd(x, b1, c41);
    x = v128.load32_splat(pa, 20);
    c50 = madd(x, b0, c50);
    c51 = madd(x, b1, c51);
    pa += 24;
    pb += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
  v128.store(c + 4 * ldc, c40); v128.store(c + 4 * ldc, c41, 16);
  v128.store(c + 5 * ldc, c50); v128.store(c + 5 * ldc, c51, 16);
}

/** Epilogues, applied to a thread's part of C once it is complete. */
const PLAIN = 0;
/** aux = GELU(C), C kept (a GELU layer's input and output in one pass). */
const GELU_OUT = 1;
/** C ⊙= GELU′(aux) (the gradient through a GELU whose input aux was saved). */
const GELU_GRAD = 2;

/** The epilogue on the h×w block at c (row stride ldc bytes); aux has C's layout. */
function epilogue(mode: i32, c: usize, aux: usize, ldc: usize, h: i32, w: i32): void {
  for (let r = 0; r < h; r++) {
    const cr = c + <usize>r * ldc;
    const ar = aux + <usize>r * ldc;
    let x = 0;
    for (; x + 4 <= w; x += 4) {
      const o = <usize>x << 2;
      const v = v128.load(cr + o);
      if (mode == GELU_OUT) v128.store(ar + o, gelu4(v));
      else v128.store(cr + o, f32x4.mul(v, geluSlope4(v128.load(ar + o))));
    }
    for (; x < w; x++) {
      const o = <usize>x << 2;
      if (mode == GELU_OUT) store<f32>(ar + o, f32x4.extract_lane(gelu4(f32x4.splat(load<f32>(cr + o))), 0));
      else store<f32>(cr + o, load<f32>(cr + o) * f32x4.extract_lane(geluSlope4(f32x4.splat(load<f32>(ar + o))), 0));
    }
  }
}

/** Floats of the packed operand that every thread packs whole: B (byCols false) or A, all of k. */
// @ts-ignore: decorator
@inline function sharedFloats(m: i32, n: i32, k: i32, byCols: bool): i32 {
  return (byCols ? padRows(m) : padCols(n)) * k;
}

/** Floats of one k-block of a chunk's own operand: `chunk` rows of A, or columns of B when byCols. */
// @ts-ignore: decorator
@inline function ownFloats(k: i32, byCols: bool, chunk: i32): i32 {
  return (byCols ? padCols(chunk) : padRows(chunk)) * min(k, KC);
}

/**
 * Bytes of scratch one thread needs for a product of these sizes cut into chunks of `chunk`
 * rows of C (or columns, byCols): the whole packed shared operand, one k-block of a chunk's own
 * operand, and a tile for ragged edges.
 */
export function matmulPackBytes(m: i32, n: i32, k: i32, byCols: bool, chunk: i32): i32 {
  return (sharedFloats(m, n, k, byCols) + ownFloats(k, byCols, chunk) + MR * 8) * 4 + 64;
}

/** Packs the shared operand (B, or A when byCols) for every k-block, block p0 at p0 × its padded width. */
function packShared(a: usize, b: usize, m: i32, k: i32, n: i32, ta: bool, tb: bool, byCols: bool, dst: usize): void {
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    if (byCols) packA(a, ta, m, ta ? m : k, p0, kc, dst + <usize>(p0 * padRows(m)) * 4);
    else packB(b, tb, k, n, p0, kc, 0, n, dst + <usize>(p0 * padCols(n)) * 4);
  }
}

/**
 * Rows [s, e) of C (or columns, byCols) with the shared operand packed at `shared` by
 * packShared: per k-block the chunk's own operand is packed into `own`, then every 6×8 tile.
 */
function chunkProduct(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, ta: bool, tb: bool, byCols: bool, s: i32, e: i32, shared: usize, own: usize, edge: usize): void {
  const ldc = <usize>n << 2;
  const rows = byCols ? m : e - s;
  const cols = byCols ? e - s : n;
  const c0 = byCols ? c + (<usize>s << 2) : c + <usize>s * ldc;
  if (k <= 0) {
    for (let i = 0; i < rows; i++) memory.fill(c0 + <usize>i * ldc, 0, <usize>cols << 2);
    return;
  }
  const full = rows - rows % MR;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const acc = p0 > 0;
    let pa = own;
    let pb = own;
    if (byCols) {
      packB(b, tb, k, n, p0, kc, s, e, own);
      pa = shared + <usize>(p0 * padRows(m)) * 4;
    } else {
      // A's rows from s: shift the base (stored m×k) or the column (stored k×m).
      packA(ta ? a + (<usize>s << 2) : a + <usize>s * (<usize>k << 2), ta, rows, ta ? m : k, p0, kc, own);
      pb = shared + <usize>(p0 * padCols(n)) * 4;
    }
    for (let j = 0; j < cols; j += 8) {
      const panelB = pb + <usize>(j * kc) * 4;
      for (let i = 0; i < rows; i += MR) {
        const panelA = pa + <usize>(i * kc) * 4;
        const cij = c0 + <usize>i * ldc + (<usize>j << 2);
        if (i < full && j + 8 <= cols) {
          tile(panelA, panelB, kc, cij, ldc, acc);
          continue;
        }
        // Ragged tile: compute into `edge`, then copy the part inside C.
        const h = min(MR, rows - i);
        const w = min(8, cols - j);
        for (let r = 0; r < h; r++) for (let x = 0; x < w; x++) store<f32>(edge + ((<usize>(r * 8 + x)) << 2), acc ? load<f32>(cij + <usize>r * ldc + (<usize>x << 2)) : 0);
        tile(panelA, panelB, kc, edge, 32, true);
        for (let r = 0; r < h; r++) for (let x = 0; x < w; x++) store<f32>(cij + <usize>r * ldc + (<usize>x << 2), load<f32>(edge + ((<usize>(r * 8 + x)) << 2)));
      }
    }
  }
}

/**
 * C (m×n, row-major) = op(A)·op(B) on this thread alone, op(A) m×k, op(B) k×n; ta: A is stored
 * k×m, tb: B is stored n×k. `pack` holds matmulPackBytes(m, n, k, false, m) bytes.
 */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, ta: bool, tb: bool, pack: usize): void {
  if (m <= 0 || n <= 0) return;
  const own = pack + <usize>sharedFloats(m, n, k, false) * 4;
  packShared(a, b, m, k, n, ta, tb, false, pack);
  chunkProduct(a, b, c, m, k, n, ta, tb, false, 0, m, pack, own, own + <usize>ownFloats(k, false, m) * 4);
}

/**
 * One thread's share of C (m×n) = op(A)·op(B), cut into slices of 6 rows of C, or of 8 columns
 * when byCols (then A is the operand every thread packs whole: a weight gradient Xᵀ·dY has few
 * rows and many columns). Threads take chunks of slices from the control word at ctl (see
 * takeChunk: 1/divisor of what is left, at least `least`, never more than `most`) until none are
 * left, so a thread that starts late or is descheduled does less; after each chunk — and its
 * epilogue: PLAIN, GELU_OUT or GELU_GRAD with `aux` an m×n array — the i32 at ctl + 8 counts its
 * slices done (the caller waits for all of them). `pack`: this thread's matmulPackBytes(m, n,
 * k, byCols, most slices' rows or columns) bytes, its own, as a late thread may still write
 * there after the call is over.
 */
export function matmulChunks(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, ta: bool, tb: bool, mode: i32, aux: usize, byCols: bool,
  divisor: i32, least: i32, ctl: usize, seq: u32, pack: usize,
): void {
  const dim = byCols ? n : m;
  const slice = byCols ? 8 : MR;
  const count = (dim + slice - 1) / slice;
  let next = takeChunk(ctl, seq, count, divisor, least);
  if (next < 0) return;
  const most = max(least, (count + divisor - 1) / divisor) * slice;
  const own = pack + <usize>sharedFloats(m, n, k, byCols) * 4;
  const edge = own + <usize>ownFloats(k, byCols, most) * 4;
  packShared(a, b, m, k, n, ta, tb, byCols, pack);
  const ldc = <usize>n << 2;
  while (next >= 0) {
    const s = <i32>(next >> 32) * slice;
    const e = min(dim, <i32>(next & 0xffffffff) * slice);
    chunkProduct(a, b, c, m, k, n, ta, tb, byCols, s, e, pack, own, edge);
    if (mode != PLAIN) {
      const at = byCols ? <usize>s << 2 : <usize>s * ldc;
      epilogue(mode, c + at, aux + at, ldc, byCols ? m : e - s, byCols ? e - s : n);
    }
    chunkDone(ctl, next, count);
    next = takeChunk(ctl, seq, count, divisor, least);
  }
}
