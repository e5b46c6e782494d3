import { describe, expect, it } from 'vitest';
import {
  add, concat, createCpuBackend, dropout, fromArray, gatherRows, layerNorm, maskedFill, mul, scaledDotProductAttention, slice, split, sum, tanh,
  type Tensor,
} from '../../../src/tensor/index.ts';
import { Rng } from '../../../src/nn/random.ts';
import { checkGradients, randomData } from './grad-check.ts';

const cpu = createCpuBackend();
const t = (data: number[], shape: number[]) => fromArray(cpu, data, shape);
const ints = (data: number[], shape: number[]) => fromArray(cpu, data, shape, 'int32');
const values = async (x: Tensor) => Array.from(await x.data());

describe('index and normalization ops, hand-worked', () => {
  it('gathers rows and names an id outside the table', async () => {
    const table = t([0, 1, 10, 11, 20, 21], [3, 2]);
    const y = gatherRows(table, ints([2, 0, 2], [3]));
    expect(y.shape).toEqual([3, 2]);
    expect(await values(y)).toEqual([20, 21, 0, 1, 20, 21]);
    expect(() => gatherRows(table, ints([3], [1]))).toThrow('gatherRows: id 3 is outside the table of 3 rows');
  });

  it('layer-normalizes each row', async () => {
    const y = await values(layerNorm(t([1, 2, 3, 4, 4, 4], [2, 3]), t([1, 1, 1], [3]), t([0, 0, 0], [3]), 0));
    y.slice(0, 3).forEach((v, i) => expect(v).toBeCloseTo([-1.2247449, 0, 1.2247449][i]!, 5));
    expect(y.slice(3).every((v) => Number.isNaN(v) || v === 0)).toBe(true);
  });

  it('slices, concatenates and splits', async () => {
    const x = t([0, 1, 2, 3, 4, 5], [2, 3]);
    expect(await values(slice(x, [0, 1], [2, 2]))).toEqual([1, 2, 4, 5]);
    expect(await values(concat([x, t([9, 9], [2, 1])], 1))).toEqual([0, 1, 2, 9, 3, 4, 5, 9]);
    const [a, b] = split(x, [1, 2], 1);
    expect(await values(b!)).toEqual([1, 2, 4, 5]);
    expect(a!.shape).toEqual([2, 1]);
    expect(() => slice(x, [1, 0], [2, 3])).toThrow(/outside \[2, 3\]/);
  });

  it('fills masked positions', async () => {
    expect(await values(maskedFill(t([1, 2, 3, 4], [2, 2]), ints([0, 1], [1, 2]), -9))).toEqual([1, -9, 3, -9]);
  });

  it('attends causally: the first query sees only the first key', async () => {
    const q = t(randomData(8, 1), [1, 4, 2]);
    const k = t(randomData(8, 2), [1, 4, 2]);
    const v = t([1, 0, 0, 1, 5, 5, 7, 7], [1, 4, 2]);
    const { out, probs } = scaledDotProductAttention(q, k, v, { causal: true, returnProbs: true });
    const p = await values(probs!);
    expect(p.slice(0, 4)).toEqual([1, 0, 0, 0]);
    for (let r = 0; r < 4; r++) expect(p.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    expect((await values(out)).slice(0, 2)).toEqual([1, 0]);
  });

  it('ignores padded keys', async () => {
    const q = t(randomData(6, 3), [1, 3, 2]);
    const { probs } = scaledDotProductAttention(q, q, q, { paddingMask: ints([0, 0, 1], [1, 1, 3]), returnProbs: true });
    const p = await values(probs!);
    for (let r = 0; r < 3; r++) expect(p[r * 3 + 2]).toBe(0);
  });

  it('drops with a seeded generator, scales the rest, and is the identity in evaluation', async () => {
    const x = t(new Array(1000).fill(1), [1000]);
    const a = await values(dropout(x, 0.25, new Rng(5), true));
    const b = await values(dropout(x, 0.25, new Rng(5), true));
    expect(a).toEqual(b);
    const zeros = a.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(200);
    expect(zeros).toBeLessThan(300);
    expect(a.filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(dropout(x, 0.25, new Rng(5), false)).toBe(x);
  });
});

describe('gradients against finite differences', () => {
  const r = (shape: number[], seed: number) => ({ data: randomData(shape.reduce((a, b) => a * b, 1), seed), shape });
  const w = (x: Tensor, seed: number) => mul(x, fromArray(cpu, randomData(x.size, seed), x.shape));
  const cases: [string, { data: number[]; shape: number[] }[], (...x: Tensor[]) => Tensor][] = [
    ['gather rows, with a repeated id', [r([4, 3], 1)], (tab) => sum(w(tanh(gatherRows(tab, ints([1, 3, 1, 0], [2, 2]))), 2))],
    ['layer norm (x, γ, β)', [r([3, 5], 3), r([5], 4), r([5], 5)], (x, g, b) => sum(w(layerNorm(x, g, b), 6))],
    ['masked fill', [r([2, 3], 7)], (x) => sum(w(maskedFill(x, ints([1, 0, 0], [3]), 0.5), 8))],
    ['slice and concat', [r([3, 4], 9), r([3, 2], 10)], (a, b) => sum(w(concat([slice(a, [0, 1], [3, 2]), tanh(b)], 1), 11))],
    ['split', [r([2, 6], 12)], (a) => { const [x, y] = split(a, [2, 4], 1); return add(sum(w(x!, 13)), sum(w(y!, 14))); }],
    ['causal attention with a padding mask', [r([1, 2, 3, 4], 15), r([1, 2, 3, 4], 16), r([1, 2, 3, 4], 17)],
      (q, k, v) => sum(w(scaledDotProductAttention(q, k, v, { causal: true, paddingMask: ints([0, 0, 1], [1, 1, 1, 3]) }).out, 18))],
  ];
  it.each(cases)('%s', async (_, inputs, loss) => {
    await checkGradients(cpu, inputs, loss);
  });
});
