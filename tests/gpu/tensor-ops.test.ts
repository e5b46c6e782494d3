// The WebGPU backend on Dawn (SwiftShader where there is no GPU) against the CPU reference:
// memory across scoped steps, int32 copies, a lost device, a missing kernel (forward values and
// gradients of every op are in conformance.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import {
  KernelNotFoundError, add, createCpuBackend, createWebGpuBackend, expand, fromArray, matmul, reshape, scope, sum, tanh, getKernel, type Backend,
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
const on = (b: Backend, inputs: Inputs, grad = false) => inputs.map((i) => fromArray(b, i.data, i.shape, 'float32', grad));

describe('WebGPU backend against the CPU reference', () => {
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
