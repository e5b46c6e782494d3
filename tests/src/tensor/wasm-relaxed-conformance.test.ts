// The conformance suite on the wasm backend's relaxed-SIMD build (fused multiply-add in the
// matmul), which Node 20 validates only with V8's --experimental-wasm-relaxed-simd (Chrome and
// Node 22 have it on): the flag is set before the kernels are compiled.
import { setFlagsFromString } from 'node:v8';
import { expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../../../src/tensor/index.ts';
import { runConformance } from './conformance.ts';

setFlagsFromString('--experimental-wasm-relaxed-simd');
runConformance('wasm, relaxed SIMD', () => createWasmBackend());

it('runs the relaxed-SIMD build', async () => {
  expect(((await createWasmBackend()) as WasmBackend).info.relaxedSimd).toBe(true);
});
