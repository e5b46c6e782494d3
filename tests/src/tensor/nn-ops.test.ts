// Hand-worked examples of the neural-network ops on the CPU backend: softmax of [1, 2, 3],
// a cross-entropy value, erf and GELU at known points, maxima, permutations.
import { describe, expect, it } from 'vitest';
import {
  createCpuBackend, crossEntropy, max, erf, fromArray, gelu, logSoftmax, permute, rsqrt, softmax, sqrt, transpose, type Tensor,
} from '../../../src/tensor/index.ts';

const cpu = createCpuBackend();
const t = (data: number[], shape: number[]) => fromArray(cpu, data, shape);
const values = async (x: Tensor) => Array.from(await x.data());
const close = (got: number[], want: number[], digits = 5) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, digits));

describe('neural-network ops, hand-worked', () => {
  it('softmax of [1, 2, 3] and its log', async () => {
    close(await values(softmax(t([1, 2, 3], [3]))), [0.09003057, 0.24472847, 0.66524096]);
    close(await values(logSoftmax(t([1, 2, 3], [3]))), [-2.40760596, -1.40760596, -0.40760596]);
  });

  it('masks the future with a causal mask', async () => {
    const p = await values(softmax(t([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]), { causal: true }));
    close(p.slice(0, 3), [1, 0, 0]);
    close(p.slice(3, 6), [0.26894142, 0.73105858, 0]);
    expect(() => softmax(t([1, 2, 3, 4, 5, 6], [2, 3]), { causal: true })).toThrow(/square/);
  });

  it('cross-entropy from logits, ignoring a padded row, stable for huge logits', async () => {
    const logits = t([1, 2, 3, 1000, 0, 0, 5, 5, 5], [3, 3]);
    const targets = fromArray(cpu, [2, 0, -100], [3], 'int32');
    close(await values(crossEntropy(logits, targets)), [(0.40760596 + 0) / 2]);
    expect(() => crossEntropy(logits, fromArray(cpu, [1, 2], [2], 'int32'))).toThrow(/needs logits \(N, V\) and targets \(N\)/);
  });

  it('erf, GELU (exact and tanh) and square roots', async () => {
    close(await values(erf(t([0, 0.5, 1, 3, -2.6], [5]))), [0, 0.5204998778, 0.8427007929, 0.9999779095, -0.9997639655], 6);
    close(await values(gelu(t([1, -1], [2]), 'none')), [0.8413447461, -0.1586552539]);
    close(await values(gelu(t([1, -1], [2]))), [0.8411919906, -0.1588080094]);
    close(await values(sqrt(t([4, 2], [2]))), [2, Math.SQRT2]);
    close(await values(rsqrt(t([4], [1]))), [0.5]);
  });

  it('takes maxima over axes', async () => {
    const x = t([1, 5, 3, 7, 2, 7], [2, 3]);
    expect(await values(max(x, 1))).toEqual([5, 7]);
    expect(await values(max(x, 0, true))).toEqual([7, 5, 7]);
    expect(await values(max(x))).toEqual([7]);
  });

  it('permutes axes', async () => {
    const x = t([0, 1, 2, 3, 4, 5], [1, 2, 3]);
    const y = permute(x, [2, 0, 1]);
    expect(y.shape).toEqual([3, 1, 2]);
    expect(await values(y)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(await values(transpose(t([1, 2, 3, 4, 5, 6], [2, 3])))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(() => permute(x, [0, 0, 1])).toThrow(/not a permutation/);
  });
});
