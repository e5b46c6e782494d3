// The conformance suite (conformance.ts) on the wasm backend: SIMD WebAssembly kernels for the
// hot ops, the CPU reference for the rest; everything against the CPU and float64 references.
// In Node the kernels' memory is shared, so tensors live in it and kernels take them in place.
import { expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../../../src/tensor/index.ts';
import { runConformance } from './conformance.ts';

runConformance('wasm', () => createWasmBackend());

it('keeps tensors in the kernels’ memory, with the plain SIMD build when relaxed SIMD is off', async () => {
  const info = ((await createWasmBackend()) as WasmBackend).info;
  expect(info).toEqual({ relaxedSimd: false, threads: 1, inMemory: true });
});
