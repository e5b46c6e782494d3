// The GPT on WebGPU (Dawn; SwiftShader here) against the CPU reference: the same weights give the
// same logits and attention (≤ 1e-4 relative), the KV cache and greedy generation agree, and
// 200 training steps from the same seed give loss curves that agree within float tolerance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import { createCpuBackend, createWebGpuBackend, fromArray, noGrad, scope, type Backend, type Tensor } from '../../src/tensor/index.ts';
import { Rng } from '../../src/nn/random.ts';
import { GPT } from '../../src/models/gpt/gpt.ts';
import { presetConfig, type GptConfig } from '../../src/models/gpt/config.ts';
import { generateIds } from '../../src/models/gpt/generate.ts';
import { charCodecFromText } from '../../src/tokenizers/codec.ts';
import { gptFolder, loadGptCheckpoint } from '../../src/training/gpt-checkpoint.ts';
import { GptRun } from '../../src/training/gpt-run.ts';
import { defaultTrainConfig } from '../../src/training/gpt-train-config.ts';

let dawn: DawnDevice;
let gpu: Backend;
const gpuErrors: string[] = [];
const cpu = createCpuBackend();

beforeAll(async () => {
  dawn = await createDawnDevice();
  gpu = createWebGpuBackend(dawn.device);
  dawn.device.onuncapturederror = (e) => gpuErrors.push(e.error.message);
});
afterAll(() => {
  expect(gpuErrors).toEqual([]);
  dawn?.device.destroy();
});

const text = 'to be or not to be, that is the question. whether tis nobler in the mind to suffer. '.repeat(30);
const codec = charCodecFromText(text);
const config = (o: Partial<GptConfig> = {}) => presetConfig('baby', codec.vocabSize, { nLayer: 2, nHead: 4, nEmbd: 32, contextLength: 24, ...o });

function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

async function onBoth(o: Partial<GptConfig>): Promise<[GPT, GPT]> {
  const m = new GPT(config(o), cpu, new Rng(11)).eval();
  const { model } = await loadGptCheckpoint(gpu, await gptFolder(m, codec));
  return [m, model.eval()];
}

describe('GPT on WebGPU', () => {
  for (const variant of [{}, { lnPlacement: 'post' as const, positions: 'sinusoidal' as const, bias: false, activation: 'gelu' as const }]) {
    it(`gives the CPU's logits and attention from the same weights (${JSON.stringify(variant)})`, async () => {
      const [mc, mg] = await onBoth(variant);
      const ids = Array.from(codec.encode('whether tis nobler in th'));
      const run = (m: GPT) => scope(() => noGrad(() => m.forward(fromArray(m.backend, ids, [1, ids.length], 'int32'), undefined, { attention: true })));
      const [oc, og] = [run(mc), run(mg)];
      expect(worstRelative(await og.logits.data(), await oc.logits.data())).toBeLessThanOrEqual(1e-4);
      for (let l = 0; l < 2; l++) expect(worstRelative(await og.attention![l]!.data(), await oc.attention![l]!.data())).toBeLessThanOrEqual(1e-4);
      for (const t of [oc.logits, og.logits, ...oc.attention!, ...og.attention!] as Tensor[]) t.dispose();
      const prompt = Array.from(codec.encode('to be or'));
      expect(await generateIds(mg, prompt, { maxNewTokens: 12, temperature: 0 })).toEqual(await generateIds(mc, prompt, { maxNewTokens: 12, temperature: 0 }));
      mc.dispose();
      mg.dispose();
    });
  }

  it('trains 200 steps with the same loss curve as the CPU from the same seed', async () => {
    const recipe = { ...defaultTrainConfig, steps: 200, batchSize: 2, lr: 2e-3, warmupSteps: 10, evalEvery: 100, evalBatches: 1, seed: 5 };
    const curves = await Promise.all(
      [cpu, gpu].map(async (b) => {
        const run = GptRun.create(b, text, codec, config({ dropout: 0.1, contextLength: 16, nEmbd: 16, nHead: 2 }), recipe);
        const losses: number[] = [];
        while (!run.done) losses.push((await run.step()).loss);
        run.dispose();
        return losses;
      }),
    );
    const [c, g] = curves as [number[], number[]];
    expect(c).toHaveLength(200);
    expect(c.at(-1)!).toBeLessThan(c[0]! * 0.75);
    expect(Math.abs(g[0]! - c[0]!)).toBeLessThan(1e-5);
    const worst = Math.max(...c.map((v, i) => Math.abs(v - g[i]!)));
    expect(worst).toBeLessThan(1e-4); // 7e-7 measured here

  });
});
