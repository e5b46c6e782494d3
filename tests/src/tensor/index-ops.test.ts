// Hand-worked examples of the index and normalization ops on the CPU backend: gather,
// layer norm, slice / concat / split, masked fill, attention masks and a KV-cache query block,
// and seeded dropout.
import { describe, expect, it } from 'vitest';
import {
  concat, createCpuBackend, dropout, fromArray, gatherRows, layerNorm, maskedFill, scaledDotProductAttention, slice, split, type Tensor,
} from '../../../src/tensor/index.ts';
import { Rng } from '../../../src/nn/random.ts';
import { randomData } from './grad-check.ts';

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

  it('gives a query block at the end of a KV cache the last rows of full causal attention', async () => {
    const [q, k, v] = [1, 2, 3].map((seed) => t(randomData(2 * 6 * 4, seed), [2, 6, 4]));
    const full = await values(scaledDotProductAttention(q!, k!, v!, { causal: true }).out);
    const lastTwo = slice(q!, [0, 4, 0], [2, 2, 4]); // queries 4 and 5 against all 6 keys
    const block = await values(scaledDotProductAttention(lastTwo, k!, v!, { causal: true }).out);
    const want = [...full.slice(16, 24), ...full.slice(40, 48)];
    block.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 6));
  });

  it('gives a row whose keys are all masked probabilities 0 and output 0', async () => {
    const q = t(randomData(6, 4), [1, 3, 2]);
    const { out, probs } = scaledDotProductAttention(q, q, q, { paddingMask: ints([1, 1, 1, 0, 0, 1, 0, 0, 0], [1, 3, 3]), returnProbs: true });
    expect((await values(probs!)).slice(0, 3)).toEqual([0, 0, 0]);
    expect((await values(out)).slice(0, 2)).toEqual([0, 0]);
    expect(() => scaledDotProductAttention(q, q, t([1, 2], [1, 1, 2]))).toThrow(/attention: q \[1, 3, 2\], k \[1, 3, 2\], v \[1, 1, 2\] do not fit together/);
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
    expect(await values(dropout(x, 0.25, new Rng(6), true))).not.toEqual(a);
  });

  it('drops the elements the documented hash picks: lowbias32(i·0x9E3779B9 + seed) < p·2³²', async () => {
    const seed = 0x12345678;
    const y = await values(dropout(t([1, 1, 1, 1, 1, 1, 1, 1], [8]), 0.5, { next: () => seed / 2 ** 32 }, true));
    const hash = (i: number) => {
      let h = (Math.imul(i, 0x9e3779b9) + seed) >>> 0;
      h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
      h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
      return (h ^ (h >>> 16)) >>> 0;
    };
    expect(y).toEqual(y.map((_, i) => (hash(i) < 2 ** 31 ? 0 : 2)));
  });
});
