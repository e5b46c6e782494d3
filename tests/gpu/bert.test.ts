// The BERT encoder on WebGPU (Dawn; SwiftShader here) against the CPU reference: the same weights
// give the same classifier and MLM logits and attention maps on a padded batch (by padding mask
// and by key lengths), and one training step gives the same loss and updated weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import { createCpuBackend, createWebGpuBackend, fromArray, noGrad, scope, type Backend } from '../../src/tensor/index.ts';
import { Rng } from '../../src/nn/random.ts';
import { Bert } from '../../src/models/bert/bert.ts';
import { bertPresetConfig } from '../../src/models/bert/config.ts';
import { bertFolder, loadBertCheckpoint } from '../../src/models/bert/checkpoint.ts';
import { EncoderTokenizer } from '../../src/models/bert/tokenization.ts';
import { AdamW } from '../../src/optim/optimizer.ts';

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

const text = 'the grand jury said that the city election was well run and the voters were pleased. '.repeat(20);
const tok = EncoderTokenizer.learn(text, { mode: 'word', vocabSize: 40 });
const config = bertPresetConfig('bert-baby', tok.vocabSize, tok.pad, { nLayer: 2, nHead: 4, nEmbd: 32, intermediateSize: 64, contextLength: 16, labels: ['a', 'b'], dropout: 0, classifierDropout: 0 });
const rows = ['the grand jury said', 'the city election was well run and the voters', 'pleased'].map((t) => Array.from(tok.encode(t, 16)));
const T = Math.max(...rows.map((r) => r.length));
const ids = rows.flatMap((r) => [...r, ...new Array<number>(T - r.length).fill(tok.pad)]);
const padding = rows.flatMap((r) => Array.from({ length: T }, (_, i) => (i < r.length ? 0 : 1)));
const lengths = rows.map((r) => r.length);

const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))), 0);

describe('BERT on WebGPU', () => {
  it("gives the CPU's logits and attention from the same weights", async () => {
    const mc = new Bert(config, cpu, new Rng(3)).eval();
    const { model: mg } = await loadBertCheckpoint(gpu, await bertFolder(mc, tok));
    mg.eval();
    for (const task of ['classify', 'mlm'] as const) {
      for (const byLengths of [false, true]) {
        const run = (m: Bert) => scope(() => noGrad(() => m.forward(fromArray(m.backend, ids, [3, T], 'int32'), {
          task, attention: !byLengths, ...(byLengths ? { lengths } : { paddingMask: fromArray(m.backend, padding, [3, T], 'int32') }),
        })));
        const [oc, og] = [run(mc), run(mg)];
        expect(og.logits.backend.name).toBe('webgpu');
        expect(worst(await og.logits.data(), await oc.logits.data())).toBeLessThanOrEqual(1e-4);
        if (!byLengths) for (let l = 0; l < 2; l++) expect(worst(await og.attention![l]!.data(), await oc.attention![l]!.data())).toBeLessThanOrEqual(1e-4);
      }
    }
    mc.dispose();
    mg.dispose();
  });

  it('takes the same training step as the CPU', async () => {
    const mc = new Bert(config, cpu, new Rng(4));
    const { model: mg } = await loadBertCheckpoint(gpu, await bertFolder(mc, tok));
    const step = async (m: Bert) => {
      const opt = new AdamW(m.parameters(), 1e-3);
      const loss = scope(() => {
        const out = m.forward(fromArray(m.backend, ids, [3, T], 'int32'), { lengths, labels: fromArray(m.backend, [0, 1, 1], [3], 'int32') });
        out.loss!.backward();
        return out.loss!;
      });
      opt.update();
      const value = (await loss.data())[0]!;
      const w = await m.bert.encoder.layer.list[0]!.attention.self.query.weight.data();
      opt.dispose();
      return { value, w };
    };
    const [c, g] = [await step(mc), await step(mg)];
    expect(Math.abs(c.value - g.value)).toBeLessThan(1e-5);
    expect(worst(g.w, c.w)).toBeLessThan(1e-5);
    mc.dispose();
    mg.dispose();
  });
});
