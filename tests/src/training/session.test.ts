// The one training session: its events in order (start, a step per step, eval every evalEvery
// with a checkpoint after it, a last one only when something changed since), a stop request that ends it early with a saved
// state, and a session without `save` (the browser's) that emits no checkpoint events.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../src/tensor/index.ts';
import { presetConfig } from '../../../src/models/gpt/config.ts';
import { charCodecFromText } from '../../../src/tokenizers/codec.ts';
import { GptRun } from '../../../src/training/gpt-run.ts';
import { resolveTrainConfig } from '../../../src/training/gpt-train-config.ts';
import { runTrainingSession, trainingSession } from '../../../src/training/session.ts';
import { trainingEventSchema, type TrainingEvent } from '../../../src/contract/training.ts';

const cpu = createCpuBackend();
const text = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);
const codec = charCodecFromText(text);
const model = presetConfig('baby', codec.vocabSize, { nLayer: 1, nHead: 2, nEmbd: 16, contextLength: 16 });
const recipe = resolveTrainConfig({ steps: 6, batchSize: 2, evalEvery: 3, evalBatches: 1, sampleTokens: 4, seed: 5 });
const pause = () => new Promise<void>((r) => setImmediate(r));

describe('training session', () => {
  it('emits start, steps, evals with a checkpoint after each, and a last checkpoint', async () => {
    const run = GptRun.create(cpu, text, codec, model, recipe);
    const saves: number[] = [];
    const events: TrainingEvent[] = [];
    const result = await runTrainingSession(run, { backend: 'cpu', pause, save: async (r) => void saves.push(r.stepsDone), saveAtStart: true }, (e) => events.push(e));
    for (const e of events) expect(trainingEventSchema.safeParse(e).success).toBe(true);
    expect(events.map((e) => (e.kind === 'step' || e.kind === 'eval' || e.kind === 'checkpoint' ? `${e.kind}${e.step}` : e.kind))).toEqual([
      'start', 'checkpoint0', 'step1', 'step2', 'step3', 'eval3', 'checkpoint3', 'step4', 'step5', 'step6', 'eval6', 'checkpoint6',
    ]);
    expect(saves).toEqual([0, 3, 6]); // nothing changed after the last evaluation's save
    expect(events[0]).toMatchObject({ kind: 'start', backend: 'cpu', steps: 6, stepsDone: 0, vocabSize: codec.vocabSize });
    const lastEval = events.filter((e) => e.kind === 'eval').at(-1)!;
    expect(result).toEqual({ stepsDone: 6, bestValLoss: run.bestValLoss, stopped: false });
    expect(lastEval).toMatchObject({ bestValLoss: run.bestValLoss });
    run.dispose();
  }, 60_000);

  it('ends early on a stop request, saving, and says it stopped', async () => {
    const run = GptRun.create(cpu, text, codec, model, recipe);
    let steps = 0;
    const saves: number[] = [];
    const result = await runTrainingSession(
      run,
      { backend: 'cpu', pause, shouldStop: () => steps >= 2, save: async (r) => void saves.push(r.stepsDone) },
      (e) => void (e.kind === 'step' && steps++),
    );
    expect(result).toMatchObject({ stepsDone: 2, stopped: true });
    expect(saves).toEqual([2]);
    run.dispose();
  }, 60_000);

  it('without save, emits no checkpoint events (the browser keeps the model in memory)', async () => {
    const run = GptRun.create(cpu, text, codec, model, recipe);
    const kinds = new Set<string>();
    for await (const e of trainingSession(run, { backend: 'cpu', pause })) kinds.add(e.kind);
    expect([...kinds].sort()).toEqual(['eval', 'start', 'step']);
    expect(run.done).toBe(true);
    run.dispose();
  }, 60_000);
});
