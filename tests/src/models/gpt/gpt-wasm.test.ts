// The GPT on the wasm backend against the CPU reference: the same weights give the same logits
// and attention (≤ 1e-4 relative), and training from one seed follows the CPU's loss curve.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, noGrad, scope, type Backend } from '../../../../src/tensor/index.ts';
import { Rng } from '../../../../src/nn/random.ts';
import { GPT } from '../../../../src/models/gpt/gpt.ts';
import { presetConfig } from '../../../../src/models/gpt/config.ts';
import { charCodecFromText } from '../../../../src/tokenizers/codec.ts';
import { gptFolder, loadGptCheckpoint } from '../../../../src/training/gpt-checkpoint.ts';
import { GptRun } from '../../../../src/training/gpt-run.ts';
import { defaultTrainConfig } from '../../../../src/training/gpt-train-config.ts';

const cpu = createCpuBackend();
const text = 'it was the best of times, it was the worst of times, it was the age of wisdom. '.repeat(30);
const codec = charCodecFromText(text);
const config = presetConfig('baby', codec.vocabSize, { nLayer: 2, nHead: 4, nEmbd: 36, contextLength: 21 });

const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let w = 0;
  for (let i = 0; i < b.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return w;
};

describe('GPT on wasm', () => {
  it('gives the CPU logits and attention from the same weights', async () => {
    const wasm = await createWasmBackend();
    const mc = new GPT(config, cpu, new Rng(4)).eval();
    const { model: mw } = await loadGptCheckpoint(wasm, await gptFolder(mc, codec));
    mw.eval();
    const ids = Array.from(codec.encode('it was the age of wis'));
    const run = (m: GPT) => scope(() => noGrad(() => m.forward(fromArray(m.backend, ids, [1, ids.length], 'int32'), undefined, { attention: true })));
    const [oc, ow] = [run(mc), run(mw)];
    expect(ow.logits.backend.name).toBe('wasm');
    expect(worst(await ow.logits.data(), await oc.logits.data())).toBeLessThanOrEqual(1e-4);
    expect(worst(await ow.attention![1]!.data(), await oc.attention![1]!.data())).toBeLessThanOrEqual(1e-4);
  });

  it('follows the CPU loss curve for 60 steps from the same seed', async () => {
    const wasm = await createWasmBackend();
    const recipe = { ...defaultTrainConfig, steps: 60, batchSize: 3, lr: 3e-3, warmupSteps: 5, seed: 9 };
    const curve = async (b: Backend) => {
      const r = GptRun.create(b, text, codec, { ...config, dropout: 0.1 }, recipe);
      const out: number[] = [];
      while (!r.done) out.push((await r.step()).loss);
      r.dispose();
      return out;
    };
    const [c, w] = [await curve(cpu), await curve(wasm)];
    expect(c.at(-1)!).toBeLessThan(c[0]! * 0.7);
    expect(Math.max(...c.map((v, i) => Math.abs(v - w[i]!)))).toBeLessThan(1e-3);
  });
});
