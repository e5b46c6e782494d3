// The one backend rule (src/contract/backend.ts): `auto` takes WebGPU only on a real
// GPU, else wasm; a CPU adapter only when asked; asking for WebGPU without an adapter is an error.
// The adapter descriptions are those Chromium and Dawn report for SwiftShader, lavapipe and real GPUs.
import { describe, expect, it } from 'vitest';
import { isCpuAdapter, parseBackendChoice, resolveBackend, whyNotWebGpu } from '../../../src/contract/backend.ts';

const swiftshader = { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' };
const lavapipe = { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' };
const fallbackFlag = { vendor: 'x', architecture: 'y', isFallbackAdapter: true };
const nvidia = { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' };

describe('backend rule', () => {
  it('knows CPU adapters by their flag or their names', () => {
    expect(isCpuAdapter(swiftshader)).toBe(true);
    expect(isCpuAdapter(lavapipe)).toBe(true);
    expect(isCpuAdapter(fallbackFlag)).toBe(true);
    expect(isCpuAdapter(nvidia)).toBe(false);
    expect(isCpuAdapter({ vendor: 'apple', architecture: 'metal-3' })).toBe(false);
  });

  it('auto: WebGPU on a real GPU, wasm on a CPU adapter or none', () => {
    expect(resolveBackend('auto', nvidia)).toBe('webgpu');
    expect(resolveBackend('auto', swiftshader)).toBe('wasm');
    expect(resolveBackend('auto', null)).toBe('wasm');
    expect(whyNotWebGpu('auto', null)).toMatch(/no WebGPU adapter/);
    expect(whyNotWebGpu('auto', swiftshader)).toMatch(/runs on the CPU/);
    expect(whyNotWebGpu('auto', nvidia)).toBeNull();
  });

  it('a named backend is taken as asked, a CPU adapter included', () => {
    expect(resolveBackend('webgpu', swiftshader)).toBe('webgpu');
    expect(resolveBackend('wasm', nvidia)).toBe('wasm');
    expect(resolveBackend('cpu', nvidia)).toBe('cpu');
    expect(() => resolveBackend('webgpu', null)).toThrow(/"webgpu" was asked for, but no WebGPU adapter/);
  });

  it('parses a choice or names the allowed ones', () => {
    expect(parseBackendChoice('wasm')).toBe('wasm');
    expect(() => parseBackendChoice('gpu')).toThrow('backend must be one of auto, webgpu, wasm, cpu, not "gpu"');
  });
});
