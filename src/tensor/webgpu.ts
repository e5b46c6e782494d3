// The ready-to-use WebGPU backend on a device the caller got (browser `navigator.gpu`, or Node's
// `webgpu` package), with its kernels registered.
import { WebGpuBackend } from './backends/webgpu/webgpu-backend.ts';
import { registerWebGpuKernels } from './backends/webgpu/kernels.ts';
import { registerWebGpuNnKernels } from './backends/webgpu/kernels-nn.ts';

export function createWebGpuBackend(device: GPUDevice): WebGpuBackend {
  registerWebGpuKernels();
  registerWebGpuNnKernels();
  return new WebGpuBackend(device);
}
