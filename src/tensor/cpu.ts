// The ready-to-use CPU backend: one instance with its kernels registered.
import { CpuBackend } from './backends/cpu/cpu-backend.ts';
import { registerCpuKernels } from './backends/cpu/kernels.ts';
import { registerCpuNnKernels } from './backends/cpu/kernels-nn.ts';
import { registerCpuOptimKernels } from './backends/cpu/kernels-optim.ts';
import { registerCpuIndexKernels } from './backends/cpu/kernels-index.ts';

export function createCpuBackend(): CpuBackend {
  const backend = new CpuBackend();
  registerCpuKernels();
  registerCpuNnKernels();
  registerCpuOptimKernels();
  registerCpuIndexKernels();
  return backend;
}
