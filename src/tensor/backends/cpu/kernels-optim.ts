// CPU kernels for optimizer updates, in place on the parameter and its state (a WebGPU backend
// runs the same update as a kernel, with no readback): SGD with momentum, Adam/AdamW, and the
// rescale of a gradient by a global norm held in a one-element storage.
import { registerKernel } from '../../registry.ts';
import type { AdamKernel, ClipKernel, SgdKernel } from '../../ops/optim-step.ts';
import { cpuData } from './cpu-backend.ts';

let registered = false;

export function registerCpuOptimKernels(): void {
  if (registered) return;
  registered = true;

  registerKernel<SgdKernel>('sgdStep', 'cpu', (param, grad, velocity, { lr, momentum, weightDecay }) => {
    const [w, g, vel] = [cpuData(param), cpuData(grad), cpuData(velocity)];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i]! + weightDecay * w[i]!;
      vel[i] = momentum * vel[i]! + gi;
      w[i] = w[i]! - lr * vel[i]!;
    }
  });

  registerKernel<AdamKernel>('adamStep', 'cpu', (param, grad, mState, vState, p) => {
    const [w, g, m, v] = [cpuData(param), cpuData(grad), cpuData(mState), cpuData(vState)];
    const c1 = 1 - p.beta1 ** p.step;
    const c2 = 1 - p.beta2 ** p.step;
    for (let i = 0; i < w.length; i++) {
      const gi = p.decoupled ? g[i]! : g[i]! + p.weightDecay * w[i]!;
      m[i] = p.beta1 * m[i]! + (1 - p.beta1) * gi;
      v[i] = p.beta2 * v[i]! + (1 - p.beta2) * gi * gi;
      const update = m[i]! / c1 / (Math.sqrt(v[i]! / c2) + p.eps);
      w[i] = w[i]! - p.lr * (update + (p.decoupled ? p.weightDecay * w[i]! : 0));
    }
  });

  registerKernel<ClipKernel>('clipByNorm', 'cpu', (grad, norm, maxNorm) => {
    const g = cpuData(grad);
    const scale = Math.min(1, maxNorm / (cpuData(norm)[0]! + 1e-6));
    for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
  });
}
