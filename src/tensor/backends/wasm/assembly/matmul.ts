// AssemblyScript (compiled to WebAssembly with 128-bit SIMD by scripts/build-wasm.mjs): the hot
// loops of the wasm backend. Pointers are byte offsets into this module's memory, laid out by
// the TypeScript side (src/tensor/backends/wasm/wasm-memory.ts). Not type-checked by tsc.

// C (M×N) = A (M×K) · B (K×N), all row-major. B is taken 8 columns at a time: the panel
// B[:, j..j+8) is packed contiguously (K×8, at `pack`, which needs 32·K bytes) so it stays in
// L1 cache while every 4-row block of A runs over it. Register tile: 4 rows × 8 columns of C
// in eight f32x4 accumulators while k runs; A values are splatted. Columns past the last
// multiple of 8 and rows past the last multiple of 4 take narrower paths.
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, pack: usize): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowB = <usize>n << 2;
  const rowA = <usize>k << 2;
  for (let j = 0; j < n8; j += 8) {
    let src = b + (<usize>j << 2);
    let dst = pack;
    for (let q = 0; q < k; q++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      src += rowB;
      dst += 32;
    }
    for (let i = 0; i < m4; i += 4) {
      const a0 = a + <usize>i * rowA;
      const a1 = a0 + rowA;
      const a2 = a1 + rowA;
      const a3 = a2 + rowA;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let pb = pack;
      for (let q = 0; q < k; q++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        const off = <usize>q << 2;
        const x0 = f32x4.splat(load<f32>(a0 + off));
        const x1 = f32x4.splat(load<f32>(a1 + off));
        const x2 = f32x4.splat(load<f32>(a2 + off));
        const x3 = f32x4.splat(load<f32>(a3 + off));
        c00 = f32x4.add(c00, f32x4.mul(x0, b0));
        c01 = f32x4.add(c01, f32x4.mul(x0, b1));
        c10 = f32x4.add(c10, f32x4.mul(x1, b0));
        c11 = f32x4.add(c11, f32x4.mul(x1, b1));
        c20 = f32x4.add(c20, f32x4.mul(x2, b0));
        c21 = f32x4.add(c21, f32x4.mul(x2, b1));
        c30 = f32x4.add(c30, f32x4.mul(x3, b0));
        c31 = f32x4.add(c31, f32x4.mul(x3, b1));
        pb += 32;
      }
      const pc = c + ((<usize>i * <usize>n + <usize>j) << 2);
      v128.store(pc, c00);
      v128.store(pc, c01, 16);
      v128.store(pc + rowB, c10);
      v128.store(pc + rowB, c11, 16);
      v128.store(pc + 2 * rowB, c20);
      v128.store(pc + 2 * rowB, c21, 16);
      v128.store(pc + 3 * rowB, c30);
      v128.store(pc + 3 * rowB, c31, 16);
    }
  }
  for (let i = 0; i < m4; i++) edgeColumns(a + <usize>i * rowA, b, c + <usize>i * rowB, k, n, n8);
  for (let i = m4; i < m; i++) {
    rowTimesMatrix(a + <usize>i * rowA, b, c + <usize>i * rowB, k, n, n8);
    edgeColumns(a + <usize>i * rowA, b, c + <usize>i * rowB, k, n, n8);
  }
}

/** c[0..n8) = a (one row of K) · B, eight columns at a time. */
function rowTimesMatrix(a: usize, b: usize, c: usize, k: i32, n: i32, n8: i32): void {
  const rowB = <usize>n << 2;
  for (let j = 0; j < n8; j += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    let pb = b + (<usize>j << 2);
    for (let q = 0; q < k; q++) {
      const x = f32x4.splat(load<f32>(a + (<usize>q << 2)));
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
      pb += rowB;
    }
    v128.store(c + (<usize>j << 2), s0);
    v128.store(c + (<usize>j << 2), s1, 16);
  }
}

/** c[n8..n) = a · B for the columns the 8-wide tiles did not cover. */
function edgeColumns(a: usize, b: usize, c: usize, k: i32, n: i32, n8: i32): void {
  for (let j = n8; j < n; j++) {
    let s: f32 = 0;
    for (let q = 0; q < k; q++) s += load<f32>(a + (<usize>q << 2)) * load<f32>(b + ((<usize>q * <usize>n + <usize>j) << 2));
    store<f32>(c + (<usize>j << 2), s);
  }
}
