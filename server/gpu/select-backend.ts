// Picks the engine backend for training in Node: `auto` takes WebGPU on a real GPU, else the
// wasm SIMD backend (with kernel threads, LMW_WASM_THREADS) — never SwiftShader (a CPU
// Vulkan driver: right, but 10–100× too slow to train on). Naming `webgpu` forces Dawn even on
// SwiftShader. The label says which backend and device ran, for the user to see.
import type { Backend } from '../../src/tensor/backend.ts';
import * as tensor from '../../src/tensor/index.ts';
import { UserError } from '../errors.ts';
import { createDawnDevice, type DawnDevice } from './dawn.ts';
import { probeWebGpu } from './probe.ts';
import { spawnNodeThread, wasmThreads } from './wasm-threads.ts';
import { BACKEND_CHOICES } from '../../src/contract/gpt.ts';
import { resolveBackend } from '../../src/contract/backend.ts';

export interface SelectedBackend {
  backend: Backend;
  label: string;
  /** Releases the device (Dawn) when done. */
  close(): void;
}


let dawn: DawnDevice | null = null;

async function webgpu(): Promise<SelectedBackend> {
  dawn ??= await createDawnDevice();
  const info = dawn.probe.adapter;
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'adapter';
  return {
    backend: tensor.createWebGpuBackend(dawn.device),
    label: `webgpu (${name}${dawn.probe.driver === 'swiftshader' ? ', SwiftShader CPU driver: for correctness, slow' : ''})`,
    close: () => undefined,
  };
}

async function wasm(): Promise<SelectedBackend> {
  const threads = wasmThreads();
  const backend = (await tensor.createWasmBackend({ threads, spawn: spawnNodeThread })) as tensor.WasmBackend;
  const { relaxedSimd, threads: running } = backend.info;
  return { backend, label: `wasm (${relaxedSimd ? 'relaxed SIMD' : 'SIMD'}, CPU, ${running} thread${running > 1 ? 's' : ''})`, close: () => undefined };
}

const cpu = (): SelectedBackend => ({ backend: tensor.createCpuBackend(), label: 'cpu (reference kernels)', close: () => undefined });

export async function selectBackend(choice: string): Promise<SelectedBackend> {
  switch (choice) {
    case 'cpu':
      return cpu();
    case 'wasm':
      return wasm();
    case 'webgpu':
      return webgpu();
    case 'auto': {
      const probe = await probeWebGpu(); // the same rule as the browser's: a CPU adapter (SwiftShader) is not taken
      return resolveBackend('auto', probe.available ? (probe.adapter ?? { description: probe.driver }) : null) === 'webgpu' ? webgpu() : wasm();
    }
    default:
      throw new UserError(400, `--backend must be one of ${BACKEND_CHOICES.join(', ')}, not "${choice}"`);
  }
}
