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

/** Threads for the wasm backend: LMW_WASM_THREADS, else one per core, at most 4. */
export function wasmThreads(): number {
  const env = Number(process.env.LMW_WASM_THREADS);
  return Number.isInteger(env) && env > 0 ? env : Math.min(4, availableParallelism());
}
