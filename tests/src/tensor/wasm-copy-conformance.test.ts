// The conformance suite on the wasm backend with unshared memory, as in a browser page that is
// not cross-origin isolated: tensors stay on the JS heap and every kernel copies its operands
// into the kernels' memory and its results out.
import { expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../../../src/tensor/index.ts';
import { runConformance } from './conformance.ts';

const wasm = () => createWasmBackend({ sharedMemory: false });
runConformance('wasm, tensors on the JS heap', wasm);

it('keeps tensors on the JS heap', async () => {
  expect(((await wasm()) as WasmBackend).info.inMemory).toBe(false);
});
