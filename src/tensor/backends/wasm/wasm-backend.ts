// The wasm backend: storage is the CPU backend's (plain typed arrays on the JS heap, so every
// CPU reference kernel runs on it unchanged); what differs is the kernels registered under
// 'wasm' (kernels.ts), SIMD WebAssembly for the hot ops.
import { CpuBackend } from '../cpu/cpu-backend.ts';

export class WasmBackend extends CpuBackend {
  override readonly name: string = 'wasm';
}
