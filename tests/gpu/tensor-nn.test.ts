// Neural-network ops and training on WebGPU (Dawn) against the CPU reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import {
  concat, createCpuBackend, createWebGpuBackend, crossEntropy, fromArray, gatherRows, layerNorm, logSoftmax, maskedFill, mul, permute,
  scaledDotProductAttention, scope, slice, softmax, sum, tanh, type Backend, type Tensor,
} from '../../src/tensor/index.ts';
import { MLP, Rng } from '../../src/nn/index.ts';
import { AdamW, clipGradNorm } from '../../src/optim/index.ts';
import { randomData } from '../src/tensor/grad-check.ts';
import { trainSpirals } from '../../src/training/spirals-demo.ts';

let dawn: DawnDevice;
const gpuErrors: string[] = [];
let gpu: Backend;
const cpu = createCpuBackend();

beforeAll(async () => {
  dawn = await createDawnDevice();
  gpu = createWebGpuBackend(dawn.device);
  dawn.device.onuncapturederror = (e) => gpuErrors.push(e.error.message);
});
afterAll(() => dawn?.device.destroy());

const r = (shape: number[], seed: number) => ({ data: randomData(shape.reduce((a, b) => a * b, 1), seed), shape });
const ints = (b: Backend, data: number[], shape: number[]) => fromArray(b, data, shape, 'int32');

async function expectClose(got: Tensor, want: Tensor, tol = 1e-5): Promise<void> {
  expect(got.shape).toEqual(want.shape);
  const [g, w] = [await got.data(), await want.data()];
  for (let i = 0; i < w.length; i++) {
    if (Math.abs(g[i]! - w[i]!) / Math.max(1, Math.abs(w[i]!)) > tol) expect.fail(`element ${i}: webgpu ${g[i]} vs cpu ${w[i]}`);
  }
}

type Case = [string, { data: number[]; shape: number[] }[], (b: Backend, ...x: Tensor[]) => Tensor];
const CASES: Case[] = [
  ['softmax (33 wide)', [r([5, 33], 1)], (_, x) => softmax(x)],
  ['causal log-softmax', [r([2, 17, 17], 2)], (_, x) => logSoftmax(x, { causal: true })],
  ['cross-entropy with an ignored row', [r([4, 65], 3)], (b, x) => crossEntropy(x, ints(b, [3, -100, 64, 0], [4]))],
  ['layer norm', [r([6, 33], 4), r([33], 5), r([33], 6)], (_, x, g, be) => layerNorm(x, g, be)],
  ['gather rows', [r([10, 7], 7)], (b, t) => gatherRows(t, ints(b, [9, 0, 9, 3], [2, 2]))],
  ['slice and concat', [r([4, 5], 8), r([4, 2], 9)], (_, a, c) => concat([slice(a, [1, 1], [3, 3]), slice(c, [1, 0], [3, 2])], 1)],
  ['permute', [r([2, 3, 17], 10)], (_, x) => permute(x, [2, 0, 1])],
  ['masked fill', [r([3, 4], 11)], (b, x) => maskedFill(x, ints(b, [1, 0, 0, 1], [4]), -5)],
  ['attention, causal with probabilities', [r([1, 2, 9, 8], 12), r([1, 2, 9, 8], 13), r([1, 2, 9, 8], 14)],
    (_, q, k, v) => scaledDotProductAttention(q, k, v, { causal: true, returnProbs: true }).probs!],
];

describe('neural-network ops on WebGPU', () => {
  it.each(CASES)('%s: forward', async (_, inputs, f) => {
    const run = (b: Backend) => f(b, ...inputs.map((i) => fromArray(b, i.data, i.shape)));
    await expectClose(run(gpu), run(cpu), 1e-5);
  });

  it.each(CASES)('%s: gradients', async (_, inputs, f) => {
    const grads = async (b: Backend) => {
      const xs = inputs.map((i) => fromArray(b, i.data, i.shape, 'float32', true));
      const y = f(b, ...xs);
      sum(mul(tanh(y), fromArray(b, randomData(y.size, 99), y.shape))).backward();
      return xs.map((x) => x.grad!);
    };
    const [g, c] = [await grads(gpu), await grads(cpu)];
    for (let i = 0; i < c.length; i++) {
      if (c[i] === null) expect(g[i]).toBeNull(); // an input the output does not depend on
      else await expectClose(g[i]!, c[i]!, 1e-4);
    }
  });
});

async function losses(b: Backend, steps: number): Promise<{ losses: number[]; live: number[] }> {
  const rng = new Rng(11);
  const model = new MLP(b, rng, [2, 32, 2], 'tanh');
  const opt = new AdamW(model.parameters(), 0.02);
  const x = fromArray(b, randomData(64, 12), [32, 2]);
  const y = ints(b, Array.from({ length: 32 }, (_, i) => (randomData(64, 12)[2 * i]! > 0 ? 1 : 0)), [32]);
  const out: number[] = [];
  const live: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = scope(() => {
      const l = crossEntropy(model.forward(x), y);
      l.backward();
      clipGradNorm(model.parameters(), 1);
      return l;
    });
    opt.update();
    opt.zeroGrad();
    out.push((await loss.data())[0]!);
    loss.dispose();
    live.push(b.live);
  }
  return { losses: out, live };
}


describe('training on WebGPU', () => {
  it('follows the CPU loss curve from the same seed, and leaks no buffers', async () => {
    const [g, c] = [await losses(gpu, 60), await losses(cpu, 60)];
    // Same start exactly; then float32 sums in another order drift apart slowly.
    expect(Math.abs(g.losses[0]! - c.losses[0]!)).toBeLessThan(1e-5);
    g.losses.forEach((l, i) => expect(Math.abs(l - c.losses[i]!), `step ${i}`).toBeLessThan(1e-2));
    expect(g.losses.at(-1)!).toBeLessThan(g.losses[0]! / 2);
    expect(new Set(g.live.slice(1)).size).toBe(1);
  });
});

describe('the engine end to end on WebGPU', () => {
  it('learns two spirals to over 95% accuracy', async () => {
    const { losses, accuracy } = await trainSpirals(gpu, { seed: 42, steps: 120 });
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 4);
    expect(accuracy).toBeGreaterThan(0.95);
  });

  it('ends 500 training steps with as many live buffers as after step 1', async () => {
    const { live } = await losses(gpu, 500);
    expect(live.at(-1)).toBe(live[0]);
  });
});

// Runs last in this file: a WebGPU validation error means some kernel above misused a buffer,
// even if its numbers happened to come out right.
it('raised no WebGPU validation errors', () => {
  expect(gpuErrors).toEqual([]);
});
