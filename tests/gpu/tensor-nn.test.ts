// Training on WebGPU (Dawn) against the CPU reference: loss curves, spirals, buffers over 500
// steps (forward values and gradients of every op are in conformance.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import {
  createCpuBackend, createWebGpuBackend, crossEntropy, fromArray, scope, type Backend,
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

const ints = (b: Backend, data: number[], shape: number[]) => fromArray(b, data, shape, 'int32');

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
