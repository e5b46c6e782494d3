// The engine end to end on CPU: a 2-layer MLP learns two interleaved spirals, and the same seed
// gives bit-identical losses in two runs.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../src/tensor/index.ts';
import { trainSpirals } from '../../../src/training/spirals-demo.ts';

const train = (backend: Parameters<typeof trainSpirals>[0], seed: number, steps: number) =>
  trainSpirals(backend, { seed, steps, hidden: 64, lr: 0.01 });

describe('MLP on CPU', () => {
  it('learns two spirals to over 95% accuracy', async () => {
    const { losses, accuracy } = await train(createCpuBackend(), 42, 400);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 4);
    expect(accuracy).toBeGreaterThan(0.95);
  });

  it('gives bit-identical losses for the same seed', async () => {
    const a = await train(createCpuBackend(), 7, 30);
    const b = await train(createCpuBackend(), 7, 30);
    expect(b.losses).toEqual(a.losses);
    const c = await train(createCpuBackend(), 8, 30);
    expect(c.losses).not.toEqual(a.losses);
  });
});
