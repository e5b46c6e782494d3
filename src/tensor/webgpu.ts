// The ready-to-use WebGPU backend on a device the caller got (browser `navigator.gpu`, or Node's
// `webgpu` package), with its kernels registered. Leaves out device selection and fallback:
// a kernel this backend lacks throws KernelNotFoundError.
import { WebGpuBackend } from './backends/webgpu/webgpu-backend.ts';
import { registerWebGpuKernels } from './backends/webgpu/kernels.ts';
import { registerWebGpuNnKernels } from './backends/webgpu/kernels-nn.ts';
import { registerWebGpuFusedKernels } from './backends/webgpu/kernels-fused.ts';

export function createWebGpuBackend(device: GPUDevice): WebGpuBackend {
  registerWebGpuKernels();
  registerWebGpuNnKernels();
  registerWebGpuFusedKernels();
  return new WebGpuBackend(device);
}
