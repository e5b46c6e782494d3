// Layer norm (forward and backward) and the Adam/AdamW step on the wasm backend, each one call
// into WebAssembly (assembly/norm.ts, assembly/optim.ts) between copies in and out of its
// memory. Same math as the CPU reference; the optimizer updates its storages in place.
import { registerKernel } from '../../registry.ts';
import type { LayerNormBackwardKernel, LayerNormKernel } from '../../ops/layer-norm.ts';
import type { AdamKernel } from '../../ops/optim-step.ts';
import type { Storage } from '../../backend.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import { WasmKernels } from './wasm-module.ts';

export function registerWasmNnKernels(name: string, wk: WasmKernels): void {
  const base = WasmKernels.index();
  const addr = WasmKernels.addr;
  /** Copies `inputs` in and reserves `outputs` floats after them (16-byte aligned); float offsets. */
  const place = (inputs: Storage[], outputs: number[]): { mem: Float32Array; at: number[] } => {
    const at: number[] = [];
    let end = 0;
    for (const len of [...inputs.map((s) => s.length), ...outputs]) {
      at.push(end);
      end += Math.ceil(len / 4) * 4;
    }
    const mem = wk.scratch(end);
    inputs.forEach((s, i) => mem.set(cpuData(s), base + at[i]!));
    return { mem, at };
  };
  const out = (mem: Float32Array, from: number, s: Storage) => (cpuData(s) as Float32Array).set(mem.subarray(base + from, base + from + s.length));

  registerKernel<LayerNormKernel>('layerNorm', name, (x, gamma, beta, rows, cols, eps) => {
    const alloc = (n: number) => x.backend.alloc(n, 'float32');
    const [y, mean, rstd] = [alloc(rows * cols), alloc(rows), alloc(rows)];
    const { mem, at } = place([x, gamma, beta], [rows * cols, rows, rows]);
    const p = at.map(addr) as [number, number, number, number, number, number];
    wk.exports.layerNormForward(...p, rows, cols, eps);
    [y, mean, rstd].forEach((s, i) => out(mem, at[3 + i]!, s));
    return { y, mean, rstd };
  });

  registerKernel<LayerNormBackwardKernel>('layerNormBackward', name, (x, gamma, mean, rstd, gy, rows, cols) => {
    const alloc = (n: number) => x.backend.alloc(n, 'float32');
    const [dx, dgamma, dbeta] = [alloc(rows * cols), alloc(cols), alloc(cols)];
    const { mem, at } = place([x, gamma, mean, rstd, gy], [rows * cols, cols, cols]);
    const p = at.map(addr) as [number, number, number, number, number, number, number, number];
    wk.exports.layerNormBackward(...p, rows, cols);
    [dx, dgamma, dbeta].forEach((s, i) => out(mem, at[5 + i]!, s));
    return { dx, dgamma, dbeta };
  });

  registerKernel<AdamKernel>('adamStep', name, (param, grad, m, v, p) => {
    const { mem, at } = place([param, grad, m, v], []);
    const [w, g, mm, vv] = at.map(addr) as [number, number, number, number];
    wk.exports.adamStep(w, g, mm, vv, param.length, p.lr, p.beta1, p.beta2, p.eps, p.weightDecay, 1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step, +p.decoupled);
    out(mem, at[0]!, param);
    out(mem, at[2]!, m);
    out(mem, at[3]!, v);
  });
}
