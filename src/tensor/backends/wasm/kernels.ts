// The wasm backend's kernels: every op starts as the CPU reference kernel (the storages are
// typed arrays either way), and the hot ones are replaced by SIMD kernels in WebAssembly that
// take their storages by address (kernel-call.ts). Matmul hands the stored operands over as
// they are (the kernel's packing undoes transposes); a shared right operand with a plain left
// one runs as one tall product, a batch as one call per matrix.
import { getKernel, kernelNames, registerKernel } from '../../registry.ts';
import type { MatmulKernel } from '../../ops/matmul.ts';
import type { GeluBackwardKernel, GeluKernel } from '../../ops/gelu.ts';
import type { MatmulGeluGradKernel, MatmulGeluKernel } from '../../ops/mlp.ts';
import { ELEMENTWISE_MIN, EPILOGUE, type WasmKernels } from './wasm-module.ts';
import { KernelCall, allocOut } from './kernel-call.ts';
import { registerFastKernels } from './kernels-fast.ts';
import { registerWasmAttention, registerWasmQkvAttention } from './kernels-attention.ts';
import { registerWasmNnKernels } from './kernels-nn.ts';
import { registerWasmElementwise } from './kernels-elementwise.ts';
import { registerWasmReduceKernels } from './kernels-reduce.ts';

export const WASM = 'wasm';
let registered: WasmKernels | null = null;

export function registerWasmKernels(wk: WasmKernels): void {
  if (registered) return;
  registered = wk;
  for (const op of kernelNames('cpu')) registerKernel(op, WASM, getKernel(op, 'cpu'));
  registerFastKernels(WASM);
  registerWasmElementwise(WASM, wk);
  registerWasmAttention(WASM, wk);
  registerWasmQkvAttention(WASM, wk);
  registerWasmNnKernels(WASM, wk);
  registerWasmReduceKernels(WASM, wk);

  registerKernel<GeluKernel>('gelu', WASM, (x, approximate) => {
    const res = allocOut(x, x.length);
    const call = new KernelCall(wk);
    const [px, pr] = [call.in(x), call.out(res)];
    call.run(() => wk.parallelRange(approximate === 'tanh' ? 'geluTanh' : 'geluErf', x.length, ELEMENTWISE_MIN, 4, (s, e) => [px + 4 * s, pr + 4 * s, e - s]));
    return res;
  });
  registerKernel<GeluBackwardKernel>('geluBackward', WASM, (x, g, approximate) => {
    const res = allocOut(x, x.length);
    const call = new KernelCall(wk);
    const [px, pg, pr] = [call.in(x), call.in(g), call.out(res)];
    call.run(() => wk.parallelRange(approximate === 'tanh' ? 'geluTanhBackward' : 'geluErfBackward', x.length, ELEMENTWISE_MIN, 4, (s, e) => [px + 4 * s, pg + 4 * s, pr + 4 * s, e - s]));
    return res;
  });

  registerKernel<MatmulKernel>('matmul', WASM, (a, b, { batch, m, k, n, transposeA, transposeB, bBatched }) => {
    const res = allocOut(a, batch * m * n);
    const tall = !bBatched && !transposeA; // (batch·m × k) · op(B) in one call
    const rows = tall ? batch * m : m;
    const calls = tall ? 1 : batch;
    const call = new KernelCall(wk);
    const [pa, pb, pc] = [call.in(a), call.in(b), call.out(res)];
    call.run(() => {
      for (let p = 0; p < calls; p++) wk.product(pa + 4 * p * m * k, pb + (bBatched ? 4 * p * k * n : 0), pc + 4 * p * m * n, rows, k, n, transposeA, transposeB);
    });
    return res;
  });

  // The bias-free MLP's products with GELU in their epilogues (ops/mlp.ts).
  registerKernel<MatmulGeluKernel>('matmulGelu', WASM, (x, w1, { rows, k, n }) => {
    const [h, a] = [allocOut(x, rows * n), allocOut(x, rows * n)];
    const call = new KernelCall(wk);
    const [px, pw, ph, pa] = [call.in(x), call.in(w1), call.out(h), call.out(a)];
    call.run(() => wk.product(px, pw, ph, rows, k, n, false, false, EPILOGUE.geluOut, pa));
    return { h, a };
  });
  registerKernel<MatmulGeluGradKernel>('matmulGeluGrad', WASM, (g, w2, h, { rows, k, n }) => {
    const dh = allocOut(g, rows * n);
    const call = new KernelCall(wk);
    const [pg, pw, ph, pd] = [call.in(g), call.in(w2), call.in(h), call.out(dh)];
    call.run(() => wk.product(pg, pw, pd, rows, k, n, false, true, EPILOGUE.geluGrad, ph));
    return dh;
  });
}
