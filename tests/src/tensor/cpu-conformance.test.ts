// The conformance suite (conformance.ts) on the CPU backend: against the float64 reference it
// checks the reference itself; the WebGPU tests run the same suite against this backend.
import { createCpuBackend } from '../../../src/tensor/index.ts';
import { runConformance } from './conformance.ts';

runConformance('cpu', () => createCpuBackend());
