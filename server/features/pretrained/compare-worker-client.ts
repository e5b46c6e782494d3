// Runs one comparison (or one model's attention maps) in a worker thread (through the job runner's TypeScript entry) and answers
// its result; a failure inside becomes a 400 naming the model's problem. Leaves out queueing
// (one worker per request; the Compare page sends one at a time).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../errors.ts';
import type { CompareResult } from '../../../src/contract/pretrained.ts';
import type { CompareWorkerInput } from './compare-worker.ts';

const ENTRY = fileURLToPath(new URL('../../jobs/worker-entry.js', import.meta.url));

/** Runs `module`'s `run(params)` in a fresh worker thread. */
export function inWorker<T>(module: string, params: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { module: new URL(module, import.meta.url).href, params } });
    let settled = false;
    worker.on('message', (m: { type: string; result?: T; error?: string }) => {
      if (m.type === 'done') {
        settled = true;
        resolve(m.result!);
      } else if (m.type === 'failed') {
        settled = true;
        reject(new UserError(400, m.error ?? 'the worker failed'));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the worker exited with code ${code}`));
    });
  });
}

export const compareInWorker = (input: CompareWorkerInput) => inWorker<CompareResult>('./compare-worker.ts', input);
