// The WebGPU backend on Dawn (SwiftShader where there is no GPU) against the CPU reference:
// forward values, gradients through backward(), and memory across scoped steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import {
  KernelNotFoundError, add, addScalar, createCpuBackend, createWebGpuBackend, div, exp, expand, fromArray, log, matmul, mean, mul,
  mulScalar, neg, powScalar, relu, reshape, scope, step, sub, sum, tanh, erf, max, gelu, getKernel, type Backend, type Tensor,
} from '../../src/tensor/index.ts';
import { randomData } from '../src/tensor/grad-check.ts';

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

type Inputs = { data: number[]; shape: number[] }[];
const r = (shape: number[], seed: number, shift = 0) => ({ data: randomData(shape.reduce((a, b) => a * b, 1), seed).map((v) => v + shift), shape });
const on = (b: Backend, inputs: Inputs, grad = false) => inputs.map((i) => fromArray(b, i.data, i.shape, 'float32', grad));

async function expectClose(got: Tensor, want: Tensor, tol: number): Promise<void> {
  expect(got.shape).toEqual(want.shape);
  const [g, w] = [await got.data(), await want.data()];
  for (let i = 0; i < w.length; i++) {
    const err = Math.abs(g[i]! - w[i]!) / Math.max(1, Math.abs(w[i]!));
    if (err > tol) expect.fail(`element ${i}: webgpu ${g[i]} vs cpu ${w[i]}`);
  }
}

const FORWARD: [string, Inputs, (...x: Tensor[]) => Tensor, number][] = [
  ['add, broadcast (17, 33) + (33)', [r([17, 33], 1), r([33], 2)], (a, b) => add(a, b), 1e-5],
  ['sub, broadcast (3, 1, 5) − (4, 1)', [r([3, 1, 5], 3), r([4, 1], 4)], (a, b) => sub(a, b), 1e-5],
  ['mul and div', [r([65], 5), r([65], 6, 2)], (a, b) => div(mul(a, b), b), 1e-5],
  ['exp, log, tanh, relu, neg', [r([2, 33], 7, 1.5)], (a) => neg(relu(tanh(log(exp(a))))), 1e-5],
  ['step', [r([1, 33], 24)], (a) => step(a), 1e-5],
  ['scalar add, mul, pow (odd power of negatives)', [r([40], 8)], (a) => powScalar(addScalar(mulScalar(a, 3), 0.5), 3), 1e-5],
  ['pow by a fraction', [r([40], 9, 2)], (a) => powScalar(a, 0.5), 1e-5],
  ['expand and reshape', [r([3, 1], 10)], (a) => reshape(expand(a, [2, 3, 5]), [6, 5]), 1e-5],
  ['sum over all', [r([17, 33], 11)], (a) => sum(a), 1e-5],
  ['sum over the middle axis, keepdims', [r([3, 17, 5], 12)], (a) => sum(a, 1, true), 1e-5],
  ['mean over the last two axes', [r([2, 3, 4], 13)], (a) => mean(a, [1, 2]), 1e-5],
  ['erf and exact GELU over a wide range', [{ data: randomData(200, 22).map((v) => v * 5), shape: [200] }], (a) => add(erf(a), gelu(a, 'none')), 1e-5],
  ['max over an axis and over all', [r([17, 33], 23)], (a) => add(max(a, 1), expand(max(a), [17])), 1e-5],
  ['matmul 65×33 · 33×17', [r([65, 33], 14), r([33, 17], 15)], (a, b) => matmul(a, b), 1e-4],
  ['matmul transposed', [r([33, 17], 16), r([5, 33], 17)], (a, b) => matmul(a, b, { transposeA: true, transposeB: true }), 1e-4],
  ['batched matmul, shared right operand, batch 1', [r([1, 17, 20], 18), r([20, 3], 19)], (a, b) => matmul(a, b), 1e-4],
  ['batched matmul, both batched and transposed', [r([2, 65, 33], 25), r([2, 17, 65], 26)], (a, b) => matmul(a, b, { transposeA: true, transposeB: true }), 1e-4],
  ['batched matmul, both batched, length 1', [r([3, 1, 40], 20), r([3, 40, 1], 21)], (a, b) => matmul(a, b), 1e-4],
];

describe('WebGPU backend against the CPU reference', () => {
  it.each(FORWARD)('%s', async (_, inputs, f, tol) => {
    await expectClose(f(...on(gpu, inputs)), f(...on(cpu, inputs)), tol);
  });

  it.each([
    ['an MLP layer', [r([5, 8], 30), r([8, 6], 31), r([6], 32)], (x: Tensor, w: Tensor, b: Tensor) => sum(mul(tanh(add(matmul(x, w), b)), tanh(add(matmul(x, w), b))))],
    ['max', [r([5, 9], 35)], (a: Tensor) => sum(mul(max(a, 1), max(a, 1)))],
    ['a broadcast product', [r([4, 1], 33), r([1, 7], 34)], (a: Tensor, b: Tensor) => mean(exp(mul(a, b)))],
  ] as const)('gives the same gradients for %s', async (_, inputs, f) => {
    const xs = { gpu: on(gpu, [...inputs], true), cpu: on(cpu, [...inputs], true) };
    (f as (...t: Tensor[]) => Tensor)(...xs.gpu).backward();
    (f as (...t: Tensor[]) => Tensor)(...xs.cpu).backward();
    for (let i = 0; i < inputs.length; i++) await expectClose(xs.gpu[i]!.grad!, xs.cpu[i]!.grad!, 1e-4);
  });

  it('keeps the number of live buffers flat across 200 scoped steps', async () => {
    const w = fromArray(gpu, randomData(48, 40), [8, 6], 'float32', true);
    const x = fromArray(gpu, randomData(40, 41), [5, 8]);
    const step = () =>
      scope(() => {
        sum(tanh(matmul(x, w))).backward();
        w.grad?.dispose();
        w.grad = null;
      });
    step();
    const after1 = gpu.live;
    for (let i = 0; i < 199; i++) step();
    gpu.flush();
    expect(gpu.live).toBe(after1);
    expect(Array.from(await w.data())).toHaveLength(48);
  });

  it('copies, expands and adds int32 tensors exactly', async () => {
    // 2^24 + 1 has no float32 form: a kernel that went through floats would round it.
    const f = (b: Backend) => add(reshape(expand(fromArray(b, [16777217, -2, 3], [3, 1], 'int32'), [3, 4]), [4, 3]), fromArray(b, [10, 20, 30], [3], 'int32'));
    const [g, c] = [f(gpu), f(cpu)];
    expect(g.dtype).toBe('int32');
    expect(Array.from(await g.data())).toEqual(Array.from(await c.data()));
  });

  it('throws a clear error on every call once its device is lost', async () => {
    // A second device from the same Dawn instance: a second instance in one process can crash it.
    const device = await (await dawn.gpu.requestAdapter())!.requestDevice();
    const b = createWebGpuBackend(device);
    const x = fromArray(b, [1, 2, 3], [3]);
    device.destroy();
    await device.lost;
    expect(() => fromArray(b, [1], [1])).toThrow(/WebGPU device was lost/);
    expect(() => tanh(x)).toThrow(/WebGPU device was lost/);
    await expect(x.data()).rejects.toThrow(/WebGPU device was lost/);
  });

  it('names a kernel it does not have instead of falling back', () => {
    expect(() => getKernel('fusedNothing', 'webgpu')).toThrow(KernelNotFoundError);
    expect(() => getKernel('fusedNothing', 'webgpu')).toThrow('no webgpu kernel for "fusedNothing"');
  });
});

// Runs last in this file: a WebGPU validation error means some kernel above misused a buffer,
// even if its numbers happened to come out right.
it('raised no WebGPU validation errors', () => {
  expect(gpuErrors).toEqual([]);
});
