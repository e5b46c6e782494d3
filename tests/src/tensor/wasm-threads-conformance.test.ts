// The conformance suite on the wasm backend with two threads (kernel threads started through
// Node's worker_threads; memory-bound kernels split from 16k elements a part, so that the suite's
// large cases cover their split too), plus a product large enough to be split between them.
import { expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, matmul } from '../../../src/tensor/index.ts';
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
