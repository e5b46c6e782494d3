// The conformance suite (conformance.ts) on the wasm backend: SIMD WebAssembly kernels for the
// hot ops, the CPU reference for the rest; everything against the CPU and float64 references.
import { createWasmBackend } from '../../../src/tensor/index.ts';
import { runConformance } from './conformance.ts';

runConformance('wasm', () => createWasmBackend());
