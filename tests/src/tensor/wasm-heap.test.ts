// The wasm backend's storage: size classes, tensors as views into the kernels' memory that
// survive its growth, blocks reused after dispose, and products that match the CPU after the
// memory has grown many times.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, matmul, type WasmBackend } from '../../../src/tensor/index.ts';
import { sizeClass } from '../../../src/tensor/backends/wasm/wasm-heap.ts';
import { cpuData } from '../../../src/tensor/backends/cpu/cpu-backend.ts';
import { randomData } from './grad-check.ts';

describe('wasm heap', () => {
  it('gives every size a class at least as large, within a quarter octave', () => {
    let last = 0;
    for (let bytes = 1; bytes < 1 << 24; bytes = Math.ceil(bytes * 1.07) + 1) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      expect(c).toBeGreaterThanOrEqual(last);
      expect(c % 64).toBe(0);
      if (bytes > 4096) expect(c / bytes).toBeLessThan(1.2);
      last = c;
    }
  });

  it('keeps earlier tensors intact while the memory grows, and reuses disposed blocks', async () => {
    const b = (await createWasmBackend()) as WasmBackend;
    const first = fromArray(b, Float32Array.from({ length: 1000 }, (_, i) => i), [1000]);
    const big = Array.from({ length: 8 }, () => b.alloc(4 << 20, 'float32')); // 128 MB: many grows
    expect(Array.from(await first.data()).every((v, i) => v === i)).toBe(true);
    const addr = (s: unknown) => (s as { addr: number }).addr;
    const freed = addr(big[3]);
    b.dispose(big[3]!);
    b.dispose(big[3]!); // a second dispose must not hand the block out twice
    const [again, other] = [b.alloc(4 << 20, 'float32'), b.alloc(4 << 20, 'float32')];
    expect(addr(again)).toBe(freed);
    expect(addr(other)).not.toBe(freed);
    expect(cpuData(again).every((v) => v === 0)).toBe(true);
    for (const s of [...big, again, other]) b.dispose(s);
  });

  it('multiplies like the CPU after the memory has grown', async () => {
    const [m, k, n] = [37, 300, 45];
    const [a, c] = [randomData(m * k, 3), randomData(k * n, 4)];
    const w = await createWasmBackend();
    const hold = w.alloc(3 << 20, 'float32');
    const got = await matmul(fromArray(w, a, [m, k]), fromArray(w, c, [n, k]), { transposeB: true }).data();
    const cpu = createCpuBackend();
    const want = await matmul(fromArray(cpu, a, [m, k]), fromArray(cpu, c, [n, k]), { transposeB: true }).data();
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-4);
    w.dispose(hold);
  });
});
