// Runs one comparison in a worker thread (through the job runner's TypeScript entry) and answers
// its result; a failure inside becomes a 400 naming the model's problem. Leaves out queueing
// (one worker per request; the Compare page sends one at a time).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../errors.ts';
import type { CompareResult } from '../../../src/contract/pretrained.ts';
import type { CompareWorkerInput } from './compare-worker.ts';

const ENTRY = fileURLToPath(new URL('../../jobs/worker-entry.js', import.meta.url));
const MODULE = new URL('./compare-worker.ts', import.meta.url).href;

export function compareInWorker(input: CompareWorkerInput): Promise<CompareResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { module: MODULE, params: input } });
    let settled = false;
    worker.on('message', (m: { type: string; result?: CompareResult; error?: string }) => {
      if (m.type === 'done') {
        settled = true;
        resolve(m.result!);
      } else if (m.type === 'failed') {
        settled = true;
        reject(new UserError(400, `compare: ${m.error}`));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the compare worker exited with code ${code}`));
    });
  });
}
