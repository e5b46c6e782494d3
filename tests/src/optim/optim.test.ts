// Optimizers, clipping and schedules, hand-worked on the CPU backend.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, mul, sum, type Tensor } from '../../../src/tensor/index.ts';
import {
  Adam, AdamW, SGD, clipGradNorm, constant, exponentialDecay, stepDecay, warmupCosine, weightDecayGroups,
} from '../../../src/optim/index.ts';

const cpu = createCpuBackend();
const values = async (x: Tensor) => Array.from(await x.data());
const param = (data: number[]) => fromArray(cpu, data, [data.length], 'float32', true);
const gradOfSquare = (p: Tensor) => sum(mul(p, p)).backward(); // grad = 2p

describe('optimizers, hand-worked', () => {
  it('SGD with momentum', async () => {
    const p = param([1, -2]);
    const opt = new SGD([p], 0.1, 0.9);
    gradOfSquare(p); // g = [2, -4]
    opt.update(); // v = g, p = p − 0.1 v
    expect(await values(p)).toEqual([0.8, -1.6].map(Math.fround));
    opt.zeroGrad();
    gradOfSquare(p); // g = [1.6, −3.2]; v = 0.9·[2, −4] + g = [3.4, −6.8]
    opt.update();
    const [a, b] = await values(p);
    expect(a).toBeCloseTo(0.8 - 0.34, 6);
    expect(b).toBeCloseTo(-1.6 + 0.68, 6);
  });

  it('Adam moves each weight by about lr on its first step', async () => {
    const p = param([3, -5]);
    const opt = new Adam([p], 0.01);
    gradOfSquare(p);
    opt.update();
    const [a, b] = await values(p);
    expect(a).toBeCloseTo(2.99, 5);
    expect(b).toBeCloseTo(-4.99, 5);
  });

  it('AdamW decays weights decoupled from the gradient, per parameter group', async () => {
    const decayed = param([1]);
    const kept = param([1]);
    const opt = new AdamW([{ params: [decayed], weightDecay: 0.5 }, { params: [kept], weightDecay: 0 }], 0.1);
    opt.update(); // no gradients: skipped entirely
    expect(await values(decayed)).toEqual([1]);
    for (const p of [decayed, kept]) gradOfSquare(p);
    opt.update();
    const [d] = await values(decayed);
    const [k] = await values(kept);
    expect(k).toBeCloseTo(0.9, 5);
    expect(d).toBeCloseTo(0.9 - 0.1 * 0.5 * 1, 5);
  });

  it('Adam adds L2 decay to the gradient, where AdamW decays the weight apart from it', async () => {
    // w = 1, g = 0, decay 0.5: Adam sees g = 0.5 and moves by ≈ lr; AdamW moves by lr·0.5·w only.
    const [a, b] = [param([1]), param([1])];
    const adam = new Adam([a], 0.1, { weightDecay: 0.5 });
    const adamw = new AdamW([b], 0.1, { weightDecay: 0.5 });
    a.grad = fromArray(cpu, [0], [1]);
    b.grad = fromArray(cpu, [0], [1]);
    adam.update();
    adamw.update();
    expect((await values(a))[0]).toBeCloseTo(0.9, 5);
    expect((await values(b))[0]).toBeCloseTo(0.95, 6);
  });

  it('SGD applies its weight decay as L2 in the gradient', async () => {
    const p = param([2]);
    p.grad = fromArray(cpu, [1], [1]);
    new SGD([p], 0.1, 0, 0.5).update(); // g + 0.5·w = 2
    expect((await values(p))[0]).toBeCloseTo(1.8, 6);
  });

  it('puts matrices in a decaying group and vectors (biases, norms) in one without decay', () => {
    const [w, b] = [fromArray(cpu, [1, 2, 3, 4], [2, 2], 'float32', true), param([1, 2])];
    const groups = weightDecayGroups([w, b], 0.1);
    expect(groups).toEqual([{ params: [w], weightDecay: 0.1 }, { params: [b], weightDecay: 0 }]);
  });

  it('frees its state when disposed', () => {
    const p = param([1, 2]);
    const opt = new AdamW([p], 0.1);
    gradOfSquare(p);
    const before = cpu.live;
    opt.update();
    expect(cpu.live).toBe(before + 2); // the two moments
    opt.dispose();
    expect(cpu.live).toBe(before);
  });

  it('clips gradients by their global norm', async () => {
    const a = param([3, 0]);
    const b = param([0, 4]);
    a.grad = fromArray(cpu, [3, 0], [2]);
    b.grad = fromArray(cpu, [0, 4], [2]);
    const norm = clipGradNorm([a, b], 1)!;
    expect((await values(norm))[0]).toBeCloseTo(5, 5);
    expect((await values(a.grad))[0]).toBeCloseTo(0.6, 5);
    expect((await values(b.grad))[1]).toBeCloseTo(0.8, 5);
  });
});

describe('learning-rate schedules', () => {
  it('warm up linearly, then decay along a cosine to the floor', () => {
    const s = warmupCosine(1, 10, 110, 0.1);
    expect(s(0)).toBeCloseTo(0.1);
    expect(s(9)).toBeCloseTo(1);
    expect(s(60)).toBeCloseTo(0.55);
    expect(s(110)).toBe(0.1);
    expect(constant(0.3)(1000)).toBe(0.3);
    expect(stepDecay(1, 10, 0.5)(25)).toBe(0.25);
    expect(exponentialDecay(1, 0.9)(2)).toBeCloseTo(0.81);
  });
});
