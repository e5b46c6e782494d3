// Hand-worked examples of the core ops on the CPU backend, and the errors they give. Every op's
// values and gradients on random inputs are in the conformance suite (conformance.ts).
import { describe, expect, it } from 'vitest';
import {
  add, concat, createCpuBackend, div, exp, expand, fromArray, gelu, matmul, mean, mul, neg, powScalar, relu, reshape, scope, sub, sum,
  tanh, where, type Tensor,
} from '../../../src/tensor/index.ts';
import { randomData } from './grad-check.ts';

const cpu = createCpuBackend();
const t = (data: number[], shape: number[]) => fromArray(cpu, data, shape);
const values = async (x: Tensor) => Array.from(await x.data());

describe('CPU ops, hand-worked', () => {
  it('broadcasts elementwise ops like NumPy', async () => {
    const a = t([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(await values(add(a, t([10, 20, 30], [3])))).toEqual([11, 22, 33, 14, 25, 36]);
    expect(await values(sub(a, t([1, 2], [2, 1])))).toEqual([0, 1, 2, 2, 3, 4]);
    expect(await values(mul(t([2], [1]), a))).toEqual([2, 4, 6, 8, 10, 12]);
    expect(await values(div(a, t([2, 4, 8], [1, 3])))).toEqual([0.5, 0.5, 0.375, 2, 1.25, 0.75]);
    expect(() => add(a, t([1, 2], [2]))).toThrow('add: shapes [2, 3] and [2] do not broadcast');
  });

  it('reduces over axes with and without keepdims', async () => {
    const a = t([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(await values(sum(a))).toEqual([21]);
    expect(sum(a, 0).shape).toEqual([3]);
    expect(await values(sum(a, 0))).toEqual([5, 7, 9]);
    expect(sum(a, -1, true).shape).toEqual([2, 1]);
    expect(await values(mean(a, 1))).toEqual([2, 5]);
  });

  it('multiplies matrices, batched and transposed', async () => {
    const a = t([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = t([7, 8, 9, 10, 11, 12], [3, 2]);
    expect(await values(matmul(a, b))).toEqual([58, 64, 139, 154]);
    expect(await values(matmul(a, a, { transposeB: true }))).toEqual([14, 32, 32, 77]);
    expect(await values(matmul(a, a, { transposeA: true }))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    const batch = t([...[1, 0, 0, 1], ...[2, 0, 0, 2]], [2, 2, 2]);
    expect(await values(matmul(batch, t([1, 2, 3, 4], [2, 2])))).toEqual([1, 2, 3, 4, 2, 4, 6, 8]);
    expect(() => matmul(a, a)).toThrow('matmul: inner dimensions differ: [2, 3] · [2, 3]');
  });

  it('computes unary functions and reshapes', async () => {
    const x = t([-1, 0, 2], [3]);
    expect(await values(relu(x))).toEqual([0, 0, 2]);
    expect(await values(neg(x))).toEqual([1, -0, -2]);
    expect((await values(exp(t([0, 1], [2]))))[1]).toBeCloseTo(Math.E, 6);
    expect(reshape(t([1, 2, 3, 4, 5, 6], [2, 3]), [3, -1]).shape).toEqual([3, 2]);
    expect(() => reshape(x, [2, 2])).toThrow('reshape: cannot view [3] (3 elements) as [2, 2]');
  });

  it('raises to scalar powers, odd powers of negatives included', async () => {
    expect(await values(powScalar(t([-2, 3, 0.5], [3]), 3))).toEqual([-8, 27, 0.125]);
    expect(await values(powScalar(t([4, 0.25], [2]), -0.5))).toEqual([0.5, 2]);
  });

  it('selects with where, broadcasting the condition and both branches', async () => {
    const cond = fromArray(cpu, [1, 0], [2, 1], 'int32');
    expect(await values(where(cond, t([1, 2, 3], [3]), t([-1], [1])))).toEqual([1, 2, 3, -1, -1, -1]);
    expect(await values(where(cond, t([-Infinity], [1]), t([5, 6], [2, 1])))).toEqual([-Infinity, 6]);
  });

  it('computes GELU with the fused kernel, both forms', async () => {
    const [exact, approx] = [await values(gelu(t([-3, 0, 2], [3]), 'none')), await values(gelu(t([-3, 0, 2], [3])))];
    [-0.0040496965, 0, 1.9544997361].forEach((v, i) => expect(exact[i]).toBeCloseTo(v, 6));
    [-0.0036373920, 0, 1.9545976296].forEach((v, i) => expect(approx[i]).toBeCloseTo(v, 6));
  });
});

describe('argument checks name the op and the shapes', () => {
  it.each([
    ['sub of int32 and float32', () => sub(t([1], [1]), fromArray(cpu, [1], [1], 'int32')), 'sub: dtypes differ (float32 [1], int32 [1])'],
    ['tanh of int32', () => tanh(fromArray(cpu, [1, 2], [2], 'int32')), 'tanh: needs float32, got int32 [2]'],
    ['expand to a smaller shape', () => expand(t([1, 2], [2]), [3]), 'expand: shapes [2] and [3] do not broadcast'],
    ['matmul of a vector', () => matmul(t([1, 2], [2]), t([1, 2], [2, 1])), 'matmul: needs matrices, got [2] and [2, 1]'],
    ['matmul with different batches', () => matmul(t(randomData(12, 1), [2, 2, 3]), t(randomData(18, 2), [3, 3, 2])),
      'matmul: batch dimensions of [2, 2, 3] and [3, 3, 2] differ'],
    ['sum over a missing axis', () => sum(t([1, 2], [2]), 1), 'sum: axis 1 is out of range for shape [2]'],
    ['concat on a missing axis', () => concat([t([1], [1])], 2), 'concat: axis 2 is out of range for [1]'],
    ['where with a float condition', () => where(t([1], [1]), t([1], [1]), t([1], [1])), 'where: the condition must be int32, got float32 [1]'],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('memory', () => {
  it('scope() frees every intermediate, so a loop keeps the live count flat', () => {
    const w = fromArray(cpu, randomData(12, 3), [4, 3], 'float32', true);
    const x = fromArray(cpu, randomData(8, 4), [2, 4]);
    const step = () =>
      scope(() => {
        const loss = sum(tanh(matmul(x, w)));
        loss.backward();
        w.grad?.dispose();
        w.grad = null;
      });
    step();
    const after1 = cpu.live;
    for (let i = 0; i < 50; i++) step();
    expect(cpu.live).toBe(after1);
  });
});
