// The ready-to-use wasm backend: the CPU path with SIMD WebAssembly kernels for the hot ops,
// for machines (and browsers) without a usable GPU. Async because instantiating wasm is.
import type { Backend } from './backend.ts';
import { registerCpuKernels } from './backends/cpu/kernels.ts';
import { registerCpuNnKernels } from './backends/cpu/kernels-nn.ts';
import { registerCpuOptimKernels } from './backends/cpu/kernels-optim.ts';
import { registerCpuIndexKernels } from './backends/cpu/kernels-index.ts';
import { registerCpuAttentionKernels } from './backends/cpu/kernels-attention.ts';
import { registerWasmKernels } from './backends/wasm/kernels.ts';
import { WasmBackend } from './backends/wasm/wasm-backend.ts';
import { WasmKernels, type WasmOptions } from './backends/wasm/wasm-module.ts';

export type { SpawnWorker, WasmOptions } from './backends/wasm/wasm-module.ts';
export { WasmBackend, type WasmBackendInfo } from './backends/wasm/wasm-backend.ts';
/** The extension point for a model's own wasm module, run on the engine's memory and kernel threads. */
export { WasmModule, type WasmModuleBuilds, type WasmModuleOptions } from './backends/wasm/wasm-extension.ts';

let loading: Promise<WasmKernels> | null = null;

/**
 * The kernels are loaded once per JavaScript realm: the first call's options (threads, and how
 * to start worker threads) hold for every later backend.
 */
export async function createWasmBackend(opts: WasmOptions = {}): Promise<Backend> {
  registerCpuKernels();
  registerCpuNnKernels();
  registerCpuOptimKernels();
  registerCpuIndexKernels();
  registerCpuAttentionKernels();
  loading ??= WasmKernels.load(opts);
  const kernels = await loading;
  registerWasmKernels(kernels);
  return new WasmBackend(kernels);
}
