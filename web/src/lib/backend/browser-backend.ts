// The engine backend for work in this browser (the GPT worker, the Engine page): asks
// navigator.gpu for an adapter (in a page or a worker), applies the one backend rule
// (src/contract/backend.ts), builds the backend and says in words which one ran and why.
import { createCpuBackend, createWasmBackend, createWebGpuBackend, type Backend } from '../../../../src/tensor/index.ts';
import { adapterName, isCpuAdapter, resolveBackend, whyNotWebGpu, type AdapterFacts } from '../../../../src/contract/backend.ts';
import type { BackendChoice } from '../../../../src/contract/gpt.ts';

export interface BrowserBackend {
  backend: Backend;
  kind: 'webgpu' | 'wasm' | 'cpu';
  /** Which backend and device ran, for the user to see. */
  label: string;
  /** Why `auto` did not take WebGPU (null when it did, or when a backend was named). */
  fallback: string | null;
}

/** This browser's WebGPU adapter, or null (no navigator.gpu, no adapter, or an error asking). */
export async function findAdapter(): Promise<GPUAdapter | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter();
  } catch {
    return null;
  }
}

export function adapterFacts(adapter: GPUAdapter): AdapterFacts {
  const { vendor, architecture, device, description, isFallbackAdapter } = adapter.info;
  return { vendor, architecture, device, description, isFallbackAdapter: isFallbackAdapter === true };
}

async function webgpu(adapter: GPUAdapter, facts: AdapterFacts): Promise<BrowserBackend> {
  const device = await adapter.requestDevice();
  const cpu = isCpuAdapter(facts) ? ' — a CPU adapter: for correctness, slow' : '';
  return { backend: createWebGpuBackend(device), kind: 'webgpu', label: `webgpu: ${adapterName(facts)}${cpu}`, fallback: null };
}

/** Builds the backend for `choice` ('auto' by the rule); throws when `webgpu` is asked for and there is none. */
export async function browserBackend(choice: BackendChoice): Promise<BrowserBackend> {
  const adapter = choice === 'auto' || choice === 'webgpu' ? await findAdapter() : null;
  const facts = adapter ? adapterFacts(adapter) : null;
  const kind = resolveBackend(choice, facts);
  if (kind === 'webgpu') return webgpu(adapter!, facts!);
  const fallback = whyNotWebGpu(choice, facts);
  if (kind === 'cpu') return { backend: createCpuBackend(), kind, label: 'cpu (reference kernels)', fallback };
  return { backend: await createWasmBackend(), kind, label: 'wasm (SIMD on the CPU)', fallback };
}
