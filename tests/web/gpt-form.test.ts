// The GPT form's state (web/src/lib/state/gpt-form.svelte.ts), runes compiled for the browser:
// defaults are the library's, every training field is on the form once, a request leaves the
// rule-filled fields out when empty, and problems are named as the server would name them.
import { describe, expect, it } from 'vitest';
import { defaultTrainConfig, gptPresets, trainFieldSchemas, modelFieldSchemas, startGptRunRequestSchema } from '../../src/contract/index.ts';
import { resolveTrainConfig } from '../../src/training/gpt-train-config.ts';
import { fieldInUse, formProblem, GptFormState, TRAIN_GROUPS } from '../../web/src/lib/state/gpt-form.svelte.ts';

describe('GPT form state', () => {
  it('starts from the library defaults: the baby preset and the default recipe', () => {
    const form = new GptFormState();
    const { vocabSize: _, ...baby } = gptPresets.baby;
    expect(form.model).toEqual(baby);
    for (const [k, v] of Object.entries(defaultTrainConfig)) {
      if (k === 'minLr' || k === 'warmupSteps') expect(form.train[k]).toBeNull();
      else expect(form.train[k as keyof typeof form.train]).toEqual(v);
    }
  });

  it('puts every training field on the form exactly once, and every model field in the model', () => {
    const grouped = TRAIN_GROUPS.flatMap((g) => g.fields);
    expect([...grouped].sort()).toEqual(Object.keys(trainFieldSchemas).sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(Object.keys(new GptFormState().model).sort()).toEqual(Object.keys(modelFieldSchemas).sort());
  });

  it('sends the fields as named in the config; empty rule-filled fields are left to the library', () => {
    const form = new GptFormState();
    form.corpusId = 'brown';
    form.train.lr = 0.02;
    form.train.steps = 40;
    form.train.optimizer = 'adam';
    form.train.beta2 = 0.99;
    const req = form.request();
    expect(startGptRunRequestSchema.parse(req).train).toMatchObject({ lr: 0.02, steps: 40, optimizer: 'adam', beta2: 0.99 });
    expect(req.train).not.toHaveProperty('minLr');
    expect(req.train).not.toHaveProperty('warmupSteps');
    const resolved = resolveTrainConfig(req.train!);
    expect(resolved.minLr).toBeCloseTo(0.002, 12);
    expect(resolved.warmupSteps).toBe(40);
    form.train.warmupSteps = 0;
    expect(form.request().train).toHaveProperty('warmupSteps', 0);
  });

  it('a preset replaces every model field', () => {
    const form = new GptFormState();
    form.model.dropout = 0.3;
    form.applyPreset('small');
    const { vocabSize: _, ...small } = gptPresets.small;
    expect(form.model).toEqual(small);
    expect(form.request().model).toMatchObject({ preset: 'small', nLayer: small.nLayer });
  });

  it('names the problem: schema bounds with the field path, then the library checks', () => {
    const form = new GptFormState();
    form.corpusId = 'brown';
    expect(form.problem).toBeNull();
    form.model.nHead = 3;
    expect(form.problem).toMatch(/^invalid field "model": nEmbd \(128\) must be divisible by nHead \(3\)/);
    form.model.nHead = 4;
    form.train.beta1 = 1.5;
    expect(form.problem).toMatch(/^invalid field "train\.beta1"/);
    form.train.beta1 = 0.9;
    form.train.minLr = 0.5;
    expect(formProblem(form.request())).toMatch(/^invalid field "train": minLr must be in \[0, lr\]/);
  });

  it('greys out the fields the chosen optimizer and schedule do not use', () => {
    expect(fieldInUse('momentum', { optimizer: 'sgd-momentum', schedule: 'cosine' })).toBe(true);
    expect(fieldInUse('momentum', { optimizer: 'adamw', schedule: 'cosine' })).toBe(false);
    expect(fieldInUse('beta2', { optimizer: 'sgd', schedule: 'cosine' })).toBe(false);
    expect(fieldInUse('beta2', { optimizer: 'adam', schedule: 'cosine' })).toBe(true);
    expect(fieldInUse('decayEvery', { optimizer: 'adamw', schedule: 'step' })).toBe(true);
    expect(fieldInUse('minLr', { optimizer: 'adamw', schedule: 'constant' })).toBe(false);
    expect(fieldInUse('lr', { optimizer: 'sgd', schedule: 'constant' })).toBe(true);
  });
});
