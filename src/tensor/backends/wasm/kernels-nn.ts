// Layer norm (forward and backward) and the Adam/AdamW step on the wasm backend, each one call
// into WebAssembly (assembly/norm.ts, assembly/optim.ts). Same math as the CPU reference; the
// optimizer updates its storages in place.
import { registerKernel } from '../../registry.ts';
import type { LayerNormBackwardKernel, LayerNormKernel } from '../../ops/layer-norm.ts';
import type { AdamKernel } from '../../ops/optim-step.ts';
import type { WasmKernels } from './wasm-module.ts';
import { KernelCall } from './kernel-call.ts';

export function registerWasmNnKernels(name: string, wk: WasmKernels): void {
  registerKernel<LayerNormKernel>('layerNorm', name, (x, gamma, beta, rows, cols, eps) => {
    const alloc = (n: number) => x.backend.alloc(n, 'float32');
    const [y, mean, rstd] = [alloc(rows * cols), alloc(rows), alloc(rows)];
    const call = new KernelCall(wk);
    const p = [call.in(x), call.in(gamma), call.in(beta), call.out(y), call.out(mean), call.out(rstd)] as const;
    call.run(() => wk.exports.layerNormForward(...p, rows, cols, eps));
    return { y, mean, rstd };
  });

  registerKernel<LayerNormBackwardKernel>('layerNormBackward', name, (x, gamma, mean, rstd, gy, rows, cols) => {
    const alloc = (n: number) => x.backend.alloc(n, 'float32');
    const [dx, dgamma, dbeta] = [alloc(rows * cols), alloc(cols), alloc(cols)];
    const call = new KernelCall(wk);
    const p = [call.in(x), call.in(gamma), call.in(mean), call.in(rstd), call.in(gy), call.out(dx), call.out(dgamma), call.out(dbeta)] as const;
    call.run(() => wk.exports.layerNormBackward(...p, rows, cols));
    return { dx, dgamma, dbeta };
  });

  registerKernel<AdamKernel>('adamStep', name, (param, grad, m, v, p) => {
    const call = new KernelCall(wk);
    const [pw, pg, pm, pv] = [call.inOut(param), call.in(grad), call.inOut(m), call.inOut(v)];
    const [c1, c2] = [1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step];
    call.run(() => wk.exports.adamStep(pw, pg, pm, pv, param.length, p.lr, p.beta1, p.beta2, p.eps, p.weightDecay, c1, c2, +p.decoupled));
  });
}
