// Layer norm (forward and backward) and the Adam/AdamW step on the wasm backend, each one call
// into WebAssembly (assembly/norm.ts, assembly/optim.ts), split by rows or elements over the
// kernel threads (the backward's γ and β gradients summed per part, then added). Same math as
// the CPU reference; the optimizer updates its storages in place.
import { registerKernel } from '../../registry.ts';
import type { LayerNormBackwardKernel, LayerNormKernel } from '../../ops/layer-norm.ts';
import type { AdamKernel } from '../../ops/optim-step.ts';
import type { WasmKernels } from './wasm-module.ts';
import { KernelCall, allocOut } from './kernel-call.ts';

export function registerWasmNnKernels(name: string, wk: WasmKernels): void {
  registerKernel<LayerNormKernel>('layerNorm', name, (x, gamma, beta, rows, cols, eps) => {
    const [y, mean, rstd] = [allocOut(x, rows * cols), allocOut(x, rows), allocOut(x, rows)];
    const call = new KernelCall(wk);
    const [px, pg, pb, py, pm, pr] = [call.in(x), call.in(gamma), call.in(beta), call.out(y), call.out(mean), call.out(rstd)];
    call.run(() =>
      wk.parallelRange('layerNormForward', rows, Math.ceil(wk.streamingMin / cols), 1, (s, e) => [
        px + 4 * s * cols, pg, pb, py + 4 * s * cols, pm + 4 * s, pr + 4 * s, e - s, cols, eps,
      ]),
    );
    return { y, mean, rstd };
  });

  registerKernel<LayerNormBackwardKernel>('layerNormBackward', name, (x, gamma, mean, rstd, gy, rows, cols) => {
    const [dx, dgamma, dbeta] = [allocOut(x, rows * cols), allocOut(x, cols), allocOut(x, cols)];
    const call = new KernelCall(wk);
    const [px, pg, pm, pr, pgy, pdx, pdg, pdb] = [call.in(x), call.in(gamma), call.in(mean), call.in(rstd), call.in(gy), call.out(dx), call.out(dgamma), call.out(dbeta)];
    const partial = call.scratch(8 * cols * (wk.threads - 1)); // the other parts' dγ, dβ
    call.run(() => {
      const parts = wk.parallelRange('layerNormBackward', rows, Math.ceil(wk.streamingMin / cols), 1, (s, e, part) => {
        const [dg, db] = part === 0 ? [pdg, pdb] : [partial + 8 * cols * (part - 1), partial + 8 * cols * (part - 1) + 4 * cols];
        return [px + 4 * s * cols, pg, pm + 4 * s, pr + 4 * s, pgy + 4 * s * cols, pdx + 4 * s * cols, dg, db, e - s, cols];
      });
      const mem = wk.view();
      const [g, b] = [pdg >> 2, pdb >> 2];
      for (let part = 1; part < parts; part++) {
        const o = (partial >> 2) + 2 * cols * (part - 1);
        for (let c = 0; c < cols; c++) {
          mem[g + c] = mem[g + c]! + mem[o + c]!;
          mem[b + c] = mem[b + c]! + mem[o + cols + c]!;
        }
      }
    });
    return { dx, dgamma, dbeta };
  });

  registerKernel<AdamKernel>('adamStep', name, (param, grad, m, v, p) => {
    const call = new KernelCall(wk);
    const [pw, pg, pm, pv] = [call.inOut(param), call.in(grad), call.inOut(m), call.inOut(v)];
    const [c1, c2] = [1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step];
    call.run(() =>
      wk.parallelRange('adamStep', param.length, wk.streamingMin, 4, (s, e) => [
        pw + 4 * s, pg + 4 * s, pm + 4 * s, pv + 4 * s, e - s, p.lr, p.beta1, p.beta2, p.eps, p.weightDecay, c1, c2, +p.decoupled,
      ]),
    );
  });
}
