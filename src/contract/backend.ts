// The rule that picks a training backend, pure (no DOM, no Node) so that both faces can share it:
// `auto` takes WebGPU only on a real GPU and else the wasm SIMD backend — never a CPU WebGPU
// adapter (SwiftShader, lavapipe, WARP: right but 10–100× too slow to train on) unless asked.
import { BACKEND_CHOICES, type BackendChoice } from './gpt.ts';

/** What a WebGPU adapter says of itself (GPUAdapterInfo, or Dawn's probe in Node). */
export interface AdapterFacts {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** The spec's flag for an adapter that trades speed for reach (a software one, in practice). */
  isFallbackAdapter?: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b|software/i;

/** Whether an adapter runs on the CPU (a software rasteriser) rather than a real GPU. */
export function isCpuAdapter(a: AdapterFacts): boolean {
  if (a.isFallbackAdapter) return true;
  return [a.vendor, a.architecture, a.device, a.description].some((s) => s !== undefined && SOFTWARE.test(s));
}

export function parseBackendChoice(s: string): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(s)) return s as BackendChoice;
  throw new Error(`backend must be one of ${BACKEND_CHOICES.join(', ')}, not "${s}"`);
}

/**
 * The backend to run for a choice, given the WebGPU adapter found (null: none). Asking for
 * `webgpu` without an adapter is an error that says so; `auto` never fails.
 */
export function resolveBackend(choice: BackendChoice, adapter: AdapterFacts | null): 'webgpu' | 'wasm' | 'cpu' {
  switch (choice) {
    case 'webgpu':
      if (!adapter) throw new Error('backend "webgpu" was asked for, but no WebGPU adapter was found');
      return 'webgpu';
    case 'auto':
      return adapter && !isCpuAdapter(adapter) ? 'webgpu' : 'wasm';
    default:
      return choice;
  }
}

/** The adapter in words for the user: vendor, architecture, description (whichever it gives). */
export function adapterName(a: AdapterFacts): string {
  return [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'adapter';
}

/** Why `auto` did not take WebGPU, in words (null when it did). */
export function whyNotWebGpu(choice: BackendChoice, adapter: AdapterFacts | null): string | null {
  if (choice !== 'auto') return null;
  if (!adapter) return 'this browser has no WebGPU adapter';
  if (isCpuAdapter(adapter)) return `the only WebGPU adapter (${adapterName(adapter)}) runs on the CPU, slower than wasm`;
  return null;
}
