// Seeded, bounded fuzzing of every reader a user's file reaches (safetensors, word2vec text and
// binary, tokenizer.json, GPT-2 folders, run checkpoints): a few hundred mutants each, in a
// worker with an allocation cap; zero crashes, zero hangs, nothing bad accepted.
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { targets } from './targets.ts';
import type { FuzzMessage } from './run-target.ts';

const WORKER = fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url));
const MUTANTS = Number(process.env.LMW_FUZZ_MUTANTS ?? 300);
/** No message for this long means a hang (a parse of a few-kB input takes milliseconds). */
const HANG_MS = 60_000;

interface Outcome {
  problems: string[];
  accepted: number;
  rejected: number;
}

function fuzz(target: string, seed: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { target, count: MUTANTS, seed, capBytes: 64 << 20 }, resourceLimits: { maxOldGenerationSizeMb: 768 } });
    const problems: string[] = [];
    let current = -1;
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        problems.push(`hang: mutant ${current} (seed ${seed}) still running after ${HANG_MS / 1000} s`);
        void worker.terminate().then(() => resolve({ problems, accepted: 0, rejected: 0 }));
      }, HANG_MS);
    };
    arm();
    worker.on('message', (m: FuzzMessage) => {
      arm();
      if (m.type === 'mutant') current = m.index!;
      else if (m.type === 'crash') problems.push(`crash: mutant ${m.index} (${m.file}): ${m.detail}`);
      else if (m.type === 'accepted-bad') problems.push(`accepted bad data: mutant ${m.index} (${m.file}): ${m.detail}`);
      else if (m.type === 'done') {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve({ problems, accepted: m.accepted!, rejected: m.rejected! }));
      }
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      problems.push(`crash: mutant ${current} (seed ${seed}) took the worker down: ${err.message}`);
      resolve({ problems, accepted: 0, rejected: 0 });
    });
    worker.on('exit', (code) => code !== 0 && code !== 1 && reject(new Error(`fuzz worker exited with ${code}`)));
  });
}

describe('parsers under seeded mutation', () => {
  targets.forEach((t, n) => {
    it(`${t.name}: no crash, no hang, nothing bad accepted over ${MUTANTS} mutants`, async () => {
      const { problems, accepted, rejected } = await fuzz(t.name, 1000 * (n + 1));
      expect(problems.slice(0, 8)).toEqual([]);
      expect(accepted + rejected).toBe(MUTANTS);
      expect(rejected).toBeGreaterThan(0);
    }, 600_000);
  });
});
