// Whole-or-nothing resume checkpoints: a save cut short at every point of the switch (a thrown
// error standing for a kill: nothing after it runs) leaves a checkpoint that resumes to the very
// weights of an uninterrupted run — at the old step or the new one, never a mix; a first save cut
// short leaves nothing resumable; a file that no longer matches its manifest does not verify.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCpuBackend } from '../../src/tensor/index.ts';
import { presetConfig } from '../../src/models/gpt/config.ts';
import { charCodecFromText } from '../../src/tokenizers/codec.ts';
import { GptRun } from '../../src/training/gpt-run.ts';
import { defaultTrainConfig } from '../../src/training/gpt-train-config.ts';
import { checkpointVerifies, readResumeCheckpoint, removeTempFiles, settleCheckpoint, writeCheckpointSwap, type SwapPoint } from '../../server/storage/checkpoint-swap.ts';
import { tempDir } from './helpers.ts';

const cpu = createCpuBackend();
const text = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);
const codec = charCodecFromText(text);
const cfg = presetConfig('baby', codec.vocabSize, { nLayer: 1, nHead: 2, nEmbd: 16, contextLength: 16, dropout: 0.1 });
const recipe = { ...defaultTrainConfig, steps: 12, batchSize: 2, lr: 3e-3, warmupSteps: 2, evalEvery: 100, evalBatches: 1, sampleTokens: 4, seed: 3 };
const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const create = () => GptRun.create(cpu, text, codec, cfg, recipe);
async function stepTo(run: GptRun, step: number): Promise<void> {
  while (run.stepsDone < step) await run.step();
}
const crashAt = (point: SwapPoint) => (p: SwapPoint) => {
  if (p === point) throw new Error(`killed at ${p}`);
};

describe('whole-or-nothing checkpoints', () => {
  it('resumes to the uninterrupted result after a save cut short at every point of the switch', async () => {
    const straight = create();
    await stepTo(straight, 12);
    const reference = Array.from(await straight.model.transformer.wte.weight.data());
    straight.dispose();
    const expected: Record<SwapPoint, number> = { 'files-written': 4, 'manifest-written': 4, 'old-moved-away': 8, 'new-moved-in': 8 };
    for (const point of Object.keys(expected) as SwapPoint[]) {
      const dir = join(root, point, 'checkpoint');
      const run = create();
      await stepTo(run, 4);
      writeCheckpointSwap(dir, await run.checkpoint());
      await stepTo(run, 8);
      const files = await run.checkpoint();
      expect(() => writeCheckpointSwap(dir, files, crashAt(point))).toThrow(/killed/);
      run.dispose();
      settleCheckpoint(dir); // what the next owner does at its start
      expect(readdirSync(join(root, point)), point).toEqual(['checkpoint']);
      const resumed = await GptRun.resume(cpu, text, readResumeCheckpoint(dir));
      expect(resumed.stepsDone, point).toBe(expected[point]);
      await stepTo(resumed, 12);
      expect(Array.from(await resumed.model.transformer.wte.weight.data()), point).toEqual(reference);
      resumed.dispose();
    }
  }, 300_000);

  it('leaves nothing resumable when the first save is cut short', async () => {
    const run = create();
    await stepTo(run, 2);
    const files = await run.checkpoint();
    run.dispose();
    for (const point of ['files-written', 'old-moved-away'] as SwapPoint[]) {
      const dir = join(root, `first-${point}`, 'checkpoint');
      expect(() => writeCheckpointSwap(dir, files, crashAt(point))).toThrow(/killed/);
      settleCheckpoint(dir);
      if (point === 'files-written') {
        expect(existsSync(dir)).toBe(false);
        expect(() => readResumeCheckpoint(dir)).toThrow(/no whole checkpoint to resume from/);
      } else {
        expect(checkpointVerifies(dir)).toBe(true); // the new files were whole before the switch began
      }
    }
  }, 120_000);

  it('does not verify a checkpoint whose file was changed after it was written', async () => {
    const run = create();
    const dir = join(root, 'changed', 'checkpoint');
    writeCheckpointSwap(dir, await run.checkpoint());
    run.dispose();
    expect(checkpointVerifies(dir)).toBe(true);
    truncateSync(join(dir, 'model.safetensors'), 100);
    expect(checkpointVerifies(dir)).toBe(false);
    expect(() => readResumeCheckpoint(dir)).toThrow(/files do not match their manifest/);
  }, 120_000);

  it('removes .tmp leftovers of cut-short atomic writes', () => {
    const blobs = join(root, 'blobs');
    mkdirSync(join(blobs, 'gpt', 'r1', 'model'), { recursive: true });
    writeFileSync(join(blobs, 'gpt', 'r1', 'model', 'model.safetensors.a1b2c3.tmp'), 'half');
    writeFileSync(join(blobs, 'gpt', 'r1', 'model', 'config.json'), '{}');
    expect(removeTempFiles(blobs)).toBe(1);
    expect(readdirSync(join(blobs, 'gpt', 'r1', 'model'))).toEqual(['config.json']);
  });
});
