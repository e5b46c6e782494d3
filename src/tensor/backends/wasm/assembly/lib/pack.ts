// Packing for the matrix product (assembly/matmul.ts; imported, not an entry of the build): a
// k-block of op(B) as zero-padded panels of 8 columns and of op(A) as panels of MR = 6 rows,
// k-major (one A value is then one broadcast load), transposes undone on the way.

/** Rows of A per panel (and of matmul's register tile). */
export const MR: i32 = 6;

/** m rounded up to whole A panels. */
// @ts-ignore: decorator
@inline export function padRows(m: i32): i32 {
  return (m + MR - 1) / MR * MR;
}

/** n rounded up to whole B panels. */
// @ts-ignore: decorator
@inline export function padCols(n: i32): i32 {
  return (n + 7) & ~7;
}

/** Stores the transpose of the 4×4 block whose rows are x0..x3 as four rows `step` bytes apart at dst. */
// @ts-ignore: decorator
@inline function transpose4(x0: v128, x1: v128, x2: v128, x3: v128, dst: usize, step: usize): void {
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + step, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * step, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

// Rows [p0, p0 + kc) and columns [j0, j1) of op(B) (k×n), as panels of 8 columns: each panel
// holds kc rows of 8 floats.
export function packB(b: usize, tb: bool, k: i32, n: i32, p0: i32, kc: i32, j0: i32, j1: i32, dst: usize): void {
  for (let j = j0; j < j1; j += 8) {
    const w = min(8, j1 - j);
    if (!tb && w == 8) {
      let src = b + ((<usize>p0 * <usize>n + <usize>j) << 2);
      const row = <usize>n << 2;
      for (let q = 0; q < kc; q++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += row;
        dst += 32;
      }
      continue;
    }
    let q0 = 0;
    if (tb && w == 8) {
      // B stored n×k: eight stored rows are the panel's columns; 4×4 blocks transposed in registers.
      const row = <usize>k << 2;
      const r0 = b + ((<usize>j * <usize>k + <usize>p0) << 2);
      const r4 = r0 + 4 * row;
      q0 = kc & ~3;
      for (let q = 0; q < q0; q += 4) {
        const o = <usize>q << 2;
        transpose4(v128.load(r0 + o), v128.load(r0 + row + o), v128.load(r0 + 2 * row + o), v128.load(r0 + 3 * row + o), dst, 32);
        transpose4(v128.load(r4 + o), v128.load(r4 + row + o), v128.load(r4 + 2 * row + o), v128.load(r4 + 3 * row + o), dst + 16, 32);
        dst += 128;
      }
    }
    for (let q = q0; q < kc; q++) {
      for (let c = 0; c < 8; c++) {
        let v: f32 = 0;
        if (c < w) v = tb ? load<f32>(b + ((<usize>(j + c) * <usize>k + <usize>(p0 + q)) << 2)) : load<f32>(b + ((<usize>(p0 + q) * <usize>n + <usize>(j + c)) << 2));
        store<f32>(dst + (<usize>c << 2), v);
      }
      dst += 32;
    }
  }
}

// Columns [p0, p0 + kc) of `rows` rows of op(A), as panels of MR = 6 rows: panel i holds kc
// groups of 6 floats (a ragged last panel zero-padded). ld: floats between stored rows (A stored
// rows×ld, or ta: stored k×ld).
export function packA(a: usize, ta: bool, rows: i32, ld: i32, p0: i32, kc: i32, dst: usize): void {
  const row = <usize>ld << 2;
  for (let i = 0; i < rows; i += MR) {
    const h = min(MR, rows - i);
    if (ta && h == MR) {
      // stored k×m: the 6 values of one k are adjacent.
      let src = a + ((<usize>p0 * <usize>ld + <usize>i) << 2);
      for (let q = 0; q < kc; q++) {
        v128.store(dst, v128.load(src));
        store<u64>(dst, load<u64>(src, 16), 16);
        src += row;
        dst += 24;
      }
      continue;
    }
    if (!ta && h == MR) {
      // stored m×k: rows 0–3 read four k at a time and transposed in registers, rows 4–5 interleaved.
      const r0 = a + ((<usize>i * <usize>ld + <usize>p0) << 2);
      const r4 = r0 + 4 * row;
      const kc4 = kc & ~3;
      for (let q = 0; q < kc4; q += 4) {
        const o = <usize>q << 2;
        transpose4(v128.load(r0 + o), v128.load(r0 + row + o), v128.load(r0 + 2 * row + o), v128.load(r0 + 3 * row + o), dst, 24);
        const x4 = v128.load(r4 + o);
        const x5 = v128.load(r4 + row + o);
        const lo = v128.shuffle<f32>(x4, x5, 0, 4, 1, 5);
        const hi = v128.shuffle<f32>(x4, x5, 2, 6, 3, 7);
        v128.store64_lane(dst + 16, lo, 0);
        v128.store64_lane(dst + 40, lo, 1);
        v128.store64_lane(dst + 64, hi, 0);
        v128.store64_lane(dst + 88, hi, 1);
        dst += 96;
      }
      for (let q = kc4; q < kc; q++) {
        const o = <usize>q << 2;
        for (let r = 0; r < MR; r++) store<f32>(dst + (<usize>r << 2), load<f32>(r0 + <usize>r * row + o));
        dst += 24;
      }
      continue;
    }
    for (let q = 0; q < kc; q++) {
      for (let r = 0; r < MR; r++) {
        let v: f32 = 0;
        if (r < h) v = ta ? load<f32>(a + ((<usize>(p0 + q) * <usize>ld + <usize>(i + r)) << 2)) : load<f32>(a + ((<usize>(i + r) * <usize>ld + <usize>(p0 + q)) << 2));
        store<f32>(dst + (<usize>r << 2), v);
      }
      dst += 24;
    }
  }
}
