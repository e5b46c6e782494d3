// Backend choice for training in Node: `auto` never takes SwiftShader (this machine has no GPU,
// so it must pick the wasm backend), named backends are honoured, unknown names are refused.
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../server/gpu/select-backend.ts';
import { probeWebGpu } from '../../server/gpu/probe.ts';

describe('selectBackend', () => {
  it('picks wasm over a CPU-only WebGPU driver for auto, and honours cpu and wasm', async () => {
    const probe = await probeWebGpu();
    const auto = await selectBackend('auto');
    if (probe.available && probe.driver === 'system') expect(auto.backend.name).toBe('webgpu');
    else expect(auto.backend.name).toBe('wasm');
    expect((await selectBackend('wasm')).label).toMatch(/^wasm/);
    expect((await selectBackend('cpu')).backend.name).toBe('cpu');
  });

  it('refuses an unknown backend by name', async () => {
    await expect(selectBackend('tpu')).rejects.toThrow(/--backend must be one of auto, webgpu, wasm, cpu, not "tpu"/);
  });
});
