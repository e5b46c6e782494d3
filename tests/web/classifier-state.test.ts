// The Classifier page's live series (classifier.svelte.ts addEvent): each stage's steps and
// evaluations land in the rows the server stores for the same events, other events change nothing,
// and the state starts from the contract's default recipe.
import { describe, expect, it } from 'vitest';
import { defaultEncoderTrainConfig, encoderMetricSchema, type EncoderSessionEvent } from '../../src/contract/encoder.ts';
import { addEvent, ClassifierState } from '../../web/src/lib/state/classifier.svelte.ts';

const events: EncoderSessionEvent[] = [
  { kind: 'start', backend: 'wasm', parameters: 10, labels: ['a', 'b'], split: { train: 8, val: 1, test: 1 }, mlmSteps: 2, steps: 2, stage: 'mlm' },
  { kind: 'step', stage: 'mlm', step: 1, steps: 2, loss: 5, lr: 1e-3, tokensPerSec: 100, msPerStep: 10 },
  { kind: 'mlmEval', step: 1, mlmLoss: 4.5, maskedAccuracy: 0.1 },
  { kind: 'checkpoint', stage: 'mlm', step: 1 },
  { kind: 'step', stage: 'finetune', step: 1, steps: 2, loss: 0.7, lr: 3e-4, tokensPerSec: 90, msPerStep: 11 },
  { kind: 'eval', step: 1, valMacroF1: 0.5, valAccuracy: 0.6, improved: true, bestValF1: 0.5 },
];

describe('classifier live series', () => {
  it('keeps each stage apart, in order, as valid metric rows', () => {
    const rows = events.reduce(addEvent, []);
    expect(rows.map((r) => [r.stage, r.step])).toEqual([['mlm', 1], ['mlm', 1], ['finetune', 1], ['finetune', 1]]);
    for (const r of rows) expect(encoderMetricSchema.safeParse(r).success).toBe(true);
    expect(rows.find((r) => r.mlmLoss != null)?.mlmLoss).toBe(4.5);
    expect(rows.find((r) => r.valMacroF1 != null)?.valMacroF1).toBe(0.5);
    expect(rows.filter((r) => r.loss != null).map((r) => r.loss)).toEqual([5, 0.7]);
  });

  it('starts from the contract default recipe', () => {
    const s = new ClassifierState();
    expect([s.preset, s.mlmSteps, s.steps, s.freezeLayers]).toEqual([defaultEncoderTrainConfig.preset, defaultEncoderTrainConfig.mlmSteps, defaultEncoderTrainConfig.steps, defaultEncoderTrainConfig.freezeLayers]);
  });
});

describe('attention entropy of encoder maps', () => {
  it('counts the whole row (an encoder looks both ways) and keeps a decoder map\'s value', async () => {
    const { entropy } = await import('../../web/src/lib/state/attention.svelte.ts');
    expect(entropy([0.5, 0.5, 0.5, 0.5], 2)).toBeCloseTo(Math.log(2), 10);
    expect(entropy([1, 0, 0.5, 0.5], 2)).toBeCloseTo(Math.log(2) / 2, 10);
  });
});
