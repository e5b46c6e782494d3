// Starts the wasm backend's kernel threads in Node (worker_threads running the source text the
// backend hands over). The threads are unref'd: a process whose work is done exits even while
// they sleep in Atomics.wait.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SpawnWorker } from '../../src/tensor/wasm.ts';

export const spawnNodeThread: SpawnWorker = (source, init) => {
  const worker = new Worker(`${source}\nrun(require('node:worker_threads').workerData);`, { eval: true, workerData: init });
  worker.unref();
  return worker;
};

/**
 * Kernel threads for the wasm tensor backend: LMW_WASM_THREADS, else 1 — on this project's
 * 2-core machine a second matmul thread did not pay (bench:gpt-cpu: 166.6 vs 160.7 ms/step).
 */
export function wasmThreads(): number {
  const env = Number(process.env.LMW_WASM_THREADS);
  return Number.isInteger(env) && env > 0 ? env : 1;
}

/** Hogwild threads for word2vec: one per core, at most 4 (they do pay: bench:word2vec). */
export function word2vecThreads(): number {
  return Math.min(4, availableParallelism());
}
