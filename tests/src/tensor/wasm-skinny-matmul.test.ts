// The wasm backend's skinny products (at most SKINNY_ROWS rows of C: B streamed unpacked, split
// by columns over two threads) against the packed product: each row of a skinny product must
// equal, bit for bit, the same row of a tall product (≥ 6 rows, packed) whose first rows are the
// skinny A — and both must be within 1e-4 of the CPU reference. Covers ragged k and n, op(A)
// stored k×m, op(B) stored n×k, and products large enough to be split between the threads.
import { expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, matmul } from '../../../src/tensor/index.ts';
import { SKINNY_ROWS } from '../../../src/tensor/backends/wasm/wasm-module.ts';
import { spawnNodeThread } from '../../../server/gpu/wasm-threads.ts';
import { randomData } from './grad-check.ts';

const TALL = 14;

/** op(A) (rows × k) with the first `rows` of the tall A (rows × k stored as given): stored k × rows when ta. */
function firstRows(tall: ArrayLike<number>, k: number, rows: number, ta: boolean): Float32Array {
  if (!ta) return Float32Array.from({ length: rows * k }, (_, i) => tall[i]!);
  const out = new Float32Array(k * rows);
  for (let p = 0; p < k; p++) for (let i = 0; i < rows; i++) out[p * rows + i] = tall[p * TALL + i]!;
  return out;
}

it('computes each row of a skinny product as the packed product does, bit for bit', { timeout: 300_000 }, async () => {
  const w = await createWasmBackend({ threads: 2, spawn: spawnNodeThread });
  const cpu = createCpuBackend();
  const sizes: [number, number][] = [[1, 1], [5, 3], [13, 21], [64, 200], [771, 517], [256, 1030]];
  let seed = 1;
  for (const [k, n] of sizes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const aTall = randomData(TALL * k, seed++);
        const b = randomData(k * n, seed++);
        const opts = { transposeA: ta, transposeB: tb };
        const bShape = tb ? [n, k] : [k, n];
        const tall = (await matmul(fromArray(w, aTall, ta ? [k, TALL] : [TALL, k]), fromArray(w, b, bShape), opts).data()) as Float32Array;
        for (let rows = 1; rows <= SKINNY_ROWS; rows++) {
          const a = firstRows(aTall, k, rows, ta);
          const aShape = ta ? [k, rows] : [rows, k];
          const got = (await matmul(fromArray(w, a, aShape), fromArray(w, b, bShape), opts).data()) as Float32Array;
          const want = await matmul(fromArray(cpu, a, aShape), fromArray(cpu, b, bShape), opts).data();
          const what = `k ${k} n ${n} rows ${rows} ta ${ta} tb ${tb}`;
          expect(got, what).toEqual(tall.subarray(0, rows * n));
          let worst = 0;
          for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
          expect(worst, what).toBeLessThan(1e-4);
        }
      }
    }
  }
});
