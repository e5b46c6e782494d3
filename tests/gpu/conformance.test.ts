// The engine's conformance suite (tests/src/tensor/conformance.ts) on WebGPU (Dawn; SwiftShader
// where there is no GPU): every op's forward against the CPU and a float64 reference, every
// gradient against finite differences, kernel coverage, and a scoped training loop's memory.
import { afterAll, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import { createWebGpuBackend } from '../../src/tensor/index.ts';
import { runConformance } from '../src/tensor/conformance.ts';

let dawn: DawnDevice | undefined;
const gpuErrors: string[] = [];

runConformance('webgpu', async () => {
  dawn = await createDawnDevice();
  dawn.device.onuncapturederror = (e) => gpuErrors.push(e.error.message);
  return createWebGpuBackend(dawn.device);
});

// Runs last: a validation error means a kernel misused a buffer even if its numbers came out right.
it('raised no WebGPU validation errors', () => {
  expect(gpuErrors).toEqual([]);
});

afterAll(() => dawn?.device.destroy());
