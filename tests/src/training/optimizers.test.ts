// The four optimizers a recipe can name (SGD, SGD with momentum, Adam, AdamW) each train a tiny
// GPT on the CPU reference until the loss falls; their β1, β2, ε and momentum reach the optimizer;
// a run with momentum or Adam state resumes exactly from its checkpoint.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../src/tensor/index.ts';
import { presetConfig } from '../../../src/models/gpt/config.ts';
import { charCodecFromText } from '../../../src/tokenizers/codec.ts';
import { GptRun } from '../../../src/training/gpt-run.ts';
import { OPTIMIZERS, resolveTrainConfig, type GptTrainConfig } from '../../../src/training/gpt-train-config.ts';
import { buildOptimizer } from '../../../src/training/optimizer-choice.ts';
import { Adam, AdamW, SGD } from '../../../src/optim/optimizer.ts';
import { readSafetensors, writeSafetensors } from '../../../src/tensor/safetensors.ts';
import { utf8Decode, utf8Encode } from '../../../src/data/utf8.ts';

const cpu = createCpuBackend();
const text = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);
const codec = charCodecFromText(text);
const model = presetConfig('baby', codec.vocabSize, { nLayer: 1, nHead: 2, nEmbd: 32, contextLength: 16 });
// SGD needs a larger step than Adam to move in 40 steps.
const lrOf: Record<GptTrainConfig['optimizer'], number> = { sgd: 0.3, 'sgd-momentum': 0.1, adam: 3e-3, adamw: 3e-3 };
const recipe = (o: Partial<GptTrainConfig>) => resolveTrainConfig({ steps: 40, batchSize: 4, warmupSteps: 0, schedule: 'constant', evalEvery: 1000, evalBatches: 1, sampleTokens: 4, seed: 3, ...o });

describe('optimizer choice', () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer} trains a tiny GPT: the loss falls`, async () => {
      const run = GptRun.create(cpu, text, codec, model, recipe({ optimizer, lr: lrOf[optimizer] }));
      const losses: number[] = [];
      while (!run.done) losses.push((await run.step()).loss);
      const head = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
      const tail = losses.slice(-5).reduce((a, b) => a + b) / 5;
      expect(tail).toBeLessThan(head * 0.8);
      run.dispose();
    }, 120_000);
  }

  it('builds the named optimizer with the recipe\'s settings', () => {
    const run = GptRun.create(cpu, text, codec, model, recipe({}));
    const params = run.model.parameters();
    const adam = buildOptimizer(params, recipe({ optimizer: 'adam', beta1: 0.8, beta2: 0.99, eps: 1e-6 }));
    expect(adam).toBeInstanceOf(Adam);
    expect(adam).not.toBeInstanceOf(AdamW);
    expect(adam as Adam).toMatchObject({ beta1: 0.8, beta2: 0.99, eps: 1e-6 });
    expect(buildOptimizer(params, recipe({ optimizer: 'adamw', beta2: 0.99 }))).toMatchObject({ beta2: 0.99 });
    const sgd = buildOptimizer(params, recipe({ optimizer: 'sgd-momentum', momentum: 0.8 }));
    expect(sgd).toBeInstanceOf(SGD);
    expect((sgd as SGD).momentum).toBe(0.8);
    expect((buildOptimizer(params, recipe({ optimizer: 'sgd' })) as SGD).momentum).toBe(0);
    run.dispose();
  });

  it('refuses an unknown optimizer and out-of-range settings, naming the field', () => {
    expect(() => resolveTrainConfig({ optimizer: 'rmsprop' as GptTrainConfig['optimizer'] })).toThrow(/optimizer must be sgd, sgd-momentum, adam, adamw/);
    expect(() => resolveTrainConfig({ beta2: 1 })).toThrow(/beta2 must be in \[0, 1\)/);
    expect(() => resolveTrainConfig({ eps: 0 })).toThrow(/eps must be > 0/);
    expect(() => resolveTrainConfig({ momentum: -0.1 })).toThrow(/momentum must be in/);
  });

  for (const optimizer of ['sgd-momentum', 'adam'] as const) {
    it(`resumes a ${optimizer} run exactly (its state is in the checkpoint)`, async () => {
      const r = recipe({ optimizer, lr: lrOf[optimizer], steps: 12 });
      const straight = GptRun.create(cpu, text, codec, model, r);
      const a: number[] = [];
      while (!straight.done) a.push((await straight.step()).loss);
      const first = GptRun.create(cpu, text, codec, model, r);
      const b: number[] = [];
      for (let i = 0; i < 6; i++) b.push((await first.step()).loss);
      const files = await first.checkpoint();
      first.dispose();
      const resumed = await GptRun.resume(cpu, text, files);
      expect(resumed.train.optimizer).toBe(optimizer);
      while (!resumed.done) b.push((await resumed.step()).loss);
      expect(b).toEqual(a);
      straight.dispose();
      resumed.dispose();
    }, 120_000);
  }

  it('resumes a checkpoint written before the optimizer was a choice as AdamW(0.9, 0.95), exactly', async () => {
    const r = recipe({ lr: 3e-3, steps: 8 });
    const straight = GptRun.create(cpu, text, codec, model, r);
    const a: number[] = [];
    while (!straight.done) a.push((await straight.step()).loss);
    const first = GptRun.create(cpu, text, codec, model, r);
    const b: number[] = [];
    for (let i = 0; i < 4; i++) b.push((await first.step()).loss);
    const files = await first.checkpoint();
    first.dispose();
    // What the earlier code wrote: no optimizer fields in the recipe, no optimizer kind in the metadata.
    const state = JSON.parse(utf8Decode(files['trainer-state.json']!)) as { train: Record<string, unknown> };
    for (const k of ['optimizer', 'momentum', 'beta1', 'beta2', 'eps']) delete state.train[k];
    files['trainer-state.json'] = Uint8Array.from(utf8Encode(JSON.stringify(state)));
    const opt = readSafetensors(files['optimizer.safetensors']!);
    files['optimizer.safetensors'] = writeSafetensors(opt.arrays, { steps: opt.metadata.steps! });
    const resumed = await GptRun.resume(cpu, text, files);
    expect(resumed.train).toMatchObject({ optimizer: 'adamw', beta1: 0.9, beta2: 0.95, eps: 1e-8 });
    while (!resumed.done) b.push((await resumed.step()).loss);
    expect(b).toEqual(a);
    straight.dispose();
    resumed.dispose();
  }, 120_000);
});
