// The conformance suite on the wasm backend with two threads (kernel threads started through
// Node's worker_threads; memory-bound kernels split from 16k elements a part, so that the suite's
// large cases cover their split too), plus a product large enough to be split between them.
import { expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, matmul, selfAttentionQkv } from '../../../src/tensor/index.ts';
import { spawnNodeThread } from '../../../server/gpu/wasm-threads.ts';
import { randomData } from './grad-check.ts';
import { runConformance } from './conformance.ts';

const wasm = () => createWasmBackend({ threads: 2, spawn: spawnNodeThread, streamingSplitMin: 1 << 14 });
runConformance('wasm, 2 threads', wasm);

it('splits a large product between the threads with the same result', async () => {
  const [m, k, n] = [203, 96, 77];
  const [a, b] = [randomData(m * k, 1), randomData(k * n, 2)];
  const w = await wasm();
  const cpu = createCpuBackend();
  const got = await matmul(fromArray(w, a, [m, k]), fromArray(w, b, [k, n])).data();
  const want = await matmul(fromArray(cpu, a, [m, k]), fromArray(cpu, b, [k, n])).data();
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-4);
});

/** Runs `call` 25 times: the first result within 1e-4 of `want`, every later one the same bits. */
async function sameEveryCall(call: () => Promise<Float32Array>, want: ArrayLike<number>): Promise<void> {
  const first = await call();
  for (let j = 0; j < want.length; j++) expect(Math.abs(first[j]! - want[j]!)).toBeLessThan(1e-4);
  for (let rep = 1; rep < 25; rep++) expect(await call()).toEqual(first);
}

it('gives the same bits call after call when threads take chunks as they come', async () => {
  // Chunks go to whichever thread takes them first, and a thread that wakes late for a call
  // takes none; every element is still computed once, in one order, so repeated calls must
  // agree to the bit (a chunk skipped or taken twice would not). Small products between them
  // run on one thread, so calls also start while the kernel thread is still asleep or busy.
  const w = await wasm();
  const cpu = createCpuBackend();
  const cases = [
    { a: [203, 96], b: [96, 77], opts: {} },
    { a: [300, 40], b: [300, 200], opts: { transposeA: true } },
    { a: [150, 64], b: [130, 64], opts: { transposeB: true } },
  ];
  for (const [i, { a, b, opts }] of cases.entries()) {
    const [da, db] = [randomData(a[0]! * a[1]!, 10 + i), randomData(b[0]! * b[1]!, 20 + i)];
    const want = await matmul(fromArray(cpu, da, a), fromArray(cpu, db, b), opts).data();
    await sameEveryCall(async () => {
      const got = (await matmul(fromArray(w, da, a), fromArray(w, db, b), opts).data()) as Float32Array;
      await matmul(fromArray(w, da.slice(0, 6), [2, 3]), fromArray(w, db.slice(0, 12), [3, 4])).data();
      return got;
    }, want);
  }
  const [B, T, H, D] = [4, 32, 3, 16];
  const qkv = randomData(B * T * 3 * H * D, 30);
  const want = await selfAttentionQkv(fromArray(cpu, qkv, [B, T, 3 * H * D]), H, { causal: true }).data();
  await sameEveryCall(async () => (await selfAttentionQkv(fromArray(w, qkv, [B, T, 3 * H * D]), H, { causal: true }).data()) as Float32Array, want);
});
