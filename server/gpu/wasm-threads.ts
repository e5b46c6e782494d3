// Starts the wasm backend's kernel threads in Node (worker_threads running the source text the
// backend hands over): the engine's, and word2vec's Hogwild threads (trainWord2Vec's `spawn`).
// The threads are unref'd: a process whose work is done exits even while they sleep in Atomics.wait.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SpawnWorker } from '../../src/tensor/wasm.ts';

export const spawnNodeThread: SpawnWorker = (source, init) => {
  const worker = new Worker(`${source}\nrun(require('node:worker_threads').workerData);`, { eval: true, workerData: init });
  worker.unref();
  return worker;
};

/**
 * Kernel threads for the wasm tensor backend: LMW_WASM_THREADS, else one per core, at most 4.
 * On this project's 2-core machine two threads train the baby GPT 1.7× as fast as one
 * (bench:gpt-cpu); more than two have not been measured.
 */
export function wasmThreads(): number {
  const env = Number(process.env.LMW_WASM_THREADS);
  return Number.isInteger(env) && env > 0 ? env : Math.min(4, availableParallelism());
}

/** Hogwild threads for word2vec: one per core, at most 4 (they do pay: bench:word2vec). */
export function word2vecThreads(): number {
  return Math.min(4, availableParallelism());
}
