// Training a GPT on the CPU reference: the loss falls, evaluation reports perplexity and bits
// per byte, early stopping fires, checkpoints are GPT-2 folders that load back to the same
// logits, and a resumed run continues exactly (2 × 15 steps = 30 steps, with dropout on).
import { describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, noGrad, scope } from '../../../src/tensor/index.ts';
import { presetConfig, type GptConfig } from '../../../src/models/gpt/config.ts';
import { charCodecFromText } from '../../../src/tokenizers/codec.ts';
import { GptRun } from '../../../src/training/gpt-run.ts';
import { defaultTrainConfig, type GptTrainConfig } from '../../../src/training/gpt-train-config.ts';
import { loadGptCheckpoint } from '../../../src/training/gpt-checkpoint.ts';
import { readSafetensors } from '../../../src/tensor/safetensors.ts';

const cpu = createCpuBackend();
const text = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);
const codec = charCodecFromText(text);
const model = (o: Partial<GptConfig> = {}) => presetConfig('baby', codec.vocabSize, { nLayer: 2, nHead: 2, nEmbd: 32, contextLength: 16, ...o });
const recipe = (o: Partial<GptTrainConfig> = {}): GptTrainConfig => ({ ...defaultTrainConfig, steps: 30, batchSize: 4, lr: 3e-3, warmupSteps: 5, evalEvery: 10, evalBatches: 2, sampleTokens: 10, seed: 7, ...o });

describe('GptRun', () => {
  it('lowers the loss and evaluates with perplexity and bits per byte', async () => {
    const run = GptRun.create(cpu, text, codec, model(), recipe({ steps: 60 }));
    const first = await run.step();
    let last = first;
    while (!run.done) last = await run.step();
    expect(last.step).toBe(60);
    expect(last.loss).toBeLessThan(first.loss * 0.6);
    expect(last.tokensPerSec).toBeGreaterThan(0);
    const e = await run.evaluate();
    expect(e.perplexity).toBeCloseTo(Math.exp(e.valLoss), 6);
    expect(e.bitsPerByte).toBeCloseTo(e.valLoss / Math.LN2, 6); // ASCII chars: one token per byte
    expect(e.improved).toBe(true);
    expect(e.sample.length).toBeGreaterThan(10);
    await expect(run.step()).rejects.toThrow(/finished/);
    run.dispose();
  });

  it('stops early when validation does not improve for `patience` evaluations', async () => {
    const run = GptRun.create(cpu, text, codec, model(), recipe({ patience: 1 }));
    await run.step();
    expect((await run.evaluate()).improved).toBe(true);
    expect(run.done).toBe(false);
    expect((await run.evaluate()).improved).toBe(false); // the same weights: no new best
    expect(run.done).toBe(true);
    run.dispose();
  });

  it('resumes exactly: 15 steps, checkpoint, 15 more equals 30 straight (dropout on)', async () => {
    const cfg = model({ dropout: 0.1 });
    const straight = GptRun.create(cpu, text, codec, cfg, recipe());
    const a: number[] = [];
    while (!straight.done) a.push((await straight.step()).loss);

    const first = GptRun.create(cpu, text, codec, cfg, recipe());
    const b: number[] = [];
    for (let i = 0; i < 15; i++) b.push((await first.step()).loss);
    await first.evaluate();
    const files = await first.checkpoint();
    first.dispose();
    const resumed = await GptRun.resume(cpu, text, files);
    expect(resumed.stepsDone).toBe(15);
    while (!resumed.done) b.push((await resumed.step()).loss);
    expect(b).toEqual(a);
    const wa = await straight.model.transformer.wte.weight.data();
    const wb = await resumed.model.transformer.wte.weight.data();
    expect(Array.from(wb)).toEqual(Array.from(wa));
    straight.dispose();
    resumed.dispose();
  });

  for (const variant of [{}, { bias: false, positions: 'sinusoidal' as const }]) {
    it(`writes a GPT-2 folder that loads back to the same logits (${JSON.stringify(variant)})`, async () => {
      const run = GptRun.create(cpu, text, codec, model(variant), recipe());
      for (let i = 0; i < 3; i++) await run.step();
      const files = await run.bestCheckpoint();
      expect(Object.keys(files).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
      const names = readSafetensors(files['model.safetensors']!).arrays.map((x) => `${x.name}:${x.shape.join('x')}`);
      expect(names).toContain('transformer.wpe.weight:16x32');
      expect(names).toContain('transformer.h.1.attn.c_attn.weight:32x96');
      expect(names).toContain('transformer.h.1.mlp.c_fc.bias:128');
      const { model: loaded } = await loadGptCheckpoint(cpu, files);
      const ids = fromArray(cpu, codec.encode('the cat sat on t'), [1, 16], 'int32');
      run.model.eval();
      const l1 = await scope(() => noGrad(() => run.model.forward(ids).logits)).data();
      const l2 = await scope(() => noGrad(() => loaded.forward(ids).logits)).data();
      expect(Array.from(l2)).toEqual(Array.from(l1));
      loaded.dispose();
      run.dispose();
    });
  }

  it('refuses truncated checkpoints and bad recipes with a clear message', async () => {
    const run = GptRun.create(cpu, text, codec, model(), recipe());
    const files = await run.checkpoint();
    run.dispose();
    const w = files['model.safetensors']!;
    await expect(loadGptCheckpoint(cpu, { ...files, 'model.safetensors': w.subarray(0, w.length - 100) })).rejects.toThrow(/safetensors/i);
    await expect(loadGptCheckpoint(cpu, { ...files, 'config.json': files['config.json']!.subarray(0, 20) })).rejects.toThrow(/config\.json is truncated or malformed/);
    const noCfg = { ...files };
    delete noCfg['config.json'];
    await expect(loadGptCheckpoint(cpu, noCfg)).rejects.toThrow(/no config\.json/);
    expect(() => GptRun.create(cpu, text, codec, model(), recipe({ steps: 0 }))).toThrow(/steps must be a positive integer/);
    expect(() => GptRun.create(cpu, 'tiny', charCodecFromText('tiny'), presetConfig('baby', 4), recipe())).toThrow(/too few for a context of 64/);
  });
});
