import { describe, expect, it } from 'vitest';
import {
  KernelNotFoundError, add, addScalar, createCpuBackend, div, exp, expand, fromArray, log, matmul, mean, mul, mulScalar, neg,
  powScalar, relu, reshape, scope, sub, sum, tanh, type Tensor,
} from '../../../src/tensor/index.ts';
import { getKernel } from '../../../src/tensor/registry.ts';
import { checkGradients, randomData } from './grad-check.ts';

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

  it('names a missing kernel instead of falling back', () => {
    expect(() => getKernel('matmul', 'webgpu')).toThrow(KernelNotFoundError);
    expect(() => getKernel('matmul', 'webgpu')).toThrow('no webgpu kernel for "matmul"');
  });
});

describe('gradients against central finite differences', () => {
  const r = (shape: number[], seed: number) => ({ data: randomData(shape.reduce((a, b) => a * b, 1), seed), shape });
  const pos = (shape: number[], seed: number) => ({ ...r(shape, seed), data: r(shape, seed).data.map((v) => 1.5 + v) });
  const cases: [string, { data: number[]; shape: number[] }[], (...x: Tensor[]) => Tensor][] = [
    ['add with broadcasting', [r([3, 4], 1), r([4], 2)], (a, b) => sum(mul(add(a, b), add(a, b)))],
    ['sub with broadcasting', [r([2, 3], 3), r([2, 1], 4)], (a, b) => sum(mul(sub(a, b), a))],
    ['mul', [r([5], 5), r([5], 6)], (a, b) => sum(mul(mul(a, b), a))],
    ['div', [r([4], 7), pos([4], 8)], (a, b) => sum(div(a, b))],
    ['exp and log', [pos([6], 9)], (a) => sum(mul(exp(a), log(a)))],
    ['tanh', [r([7], 10)], (a) => sum(mul(tanh(a), a))],
    ['relu', [r([9], 11)], (a) => sum(mul(relu(a), a))],
    ['pow, scalar add and mul', [pos([5], 12)], (a) => sum(powScalar(addScalar(mulScalar(a, 2), 1), 3))],
    ['mean over an axis', [r([3, 5], 13)], (a) => sum(mul(mean(a, 1), mean(a, 1)))],
    ['expand and reshape', [r([3, 1], 14)], (a) => sum(mul(reshape(expand(a, [3, 4]), [2, 6]), reshape(expand(tanh(a), [3, 4]), [2, 6])))],
    ['matmul', [r([3, 5], 15), r([5, 2], 16)], (a, b) => sum(mul(matmul(a, b), matmul(a, b)))],
    ['matmul transposed', [r([5, 3], 17), r([2, 5], 18)], (a, b) => sum(mul(matmul(a, b, { transposeA: true, transposeB: true }), matmul(a, b, { transposeA: true, transposeB: true })))],
    ['batched matmul with a shared right operand', [r([2, 3, 4], 19), r([4, 3], 20)], (a, b) => sum(tanh(matmul(a, b)))],
    ['batched matmul, both batched, length 1', [r([2, 1, 3], 21), r([2, 3, 1], 22)], (a, b) => sum(tanh(matmul(a, b)))],
  ];
  it.each(cases)('%s', async (_, inputs, loss) => {
    await checkGradients(cpu, inputs, loss);
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
