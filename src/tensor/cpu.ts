// The ready-to-use CPU backend: one instance with its kernels registered (registration is
// global and happens once; every CPU backend instance shares the kernels).
import { CpuBackend } from './backends/cpu/cpu-backend.ts';
import { registerCpuKernels } from './backends/cpu/kernels.ts';
import { registerCpuNnKernels } from './backends/cpu/kernels-nn.ts';
import { registerCpuOptimKernels } from './backends/cpu/kernels-optim.ts';
import { registerCpuIndexKernels } from './backends/cpu/kernels-index.ts';
import { registerCpuAttentionKernels } from './backends/cpu/kernels-attention.ts';

export function createCpuBackend(): CpuBackend {
  const backend = new CpuBackend();
  registerCpuKernels();
  registerCpuNnKernels();
  registerCpuOptimKernels();
  registerCpuIndexKernels();
  registerCpuAttentionKernels();
  return backend;
}
