// A WebGPU device in Node from Dawn (the `webgpu` package), with the SwiftShader fallback that
// probe.ts found. The object `create()` returns must stay referenced while the device lives, or
// Dawn crashes; the returned handle keeps it.
import { create, globals } from 'webgpu';
import { probeWebGpu, type WebGpuProbe } from './probe.ts';

export interface DawnDevice {
  gpu: GPU;
  adapter: GPUAdapter;
  device: GPUDevice;
  probe: WebGpuProbe;
}

export async function createDawnDevice(): Promise<DawnDevice> {
  const probe = await probeWebGpu();
  if (!probe.available) {
    throw new Error(`no WebGPU adapter: ${probe.error ?? 'Dawn found no Vulkan driver (install Debian\'s chromium for SwiftShader)'}`);
  }
  if (probe.icd && !process.env.VK_ICD_FILENAMES) process.env.VK_ICD_FILENAMES = probe.icd;
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('Dawn found an adapter in the probe but not in this process');
  const device = await adapter.requestDevice();
  return { gpu, adapter, device, probe };
}
