// The wasm backend's kernels: every op starts as the CPU reference kernel (the storages are the
// same plain typed arrays), and the hot ones are replaced by SIMD kernels in WebAssembly, which
// copy their operands into the kernels' memory, run, and copy the results out. Matmul hands the
// stored operands over as they are (the kernel's packing undoes transposes); a shared right
// operand with a plain left one runs as one tall product, a batch as one call per matrix.
import { getKernel, kernelNames, registerKernel } from '../../registry.ts';
import type { MatmulKernel } from '../../ops/matmul.ts';
import type { GeluBackwardKernel, GeluKernel } from '../../ops/gelu.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import { WasmKernels } from './wasm-module.ts';
import { registerFastKernels } from './kernels-fast.ts';
import { registerWasmAttention } from './kernels-attention.ts';
import { registerWasmNnKernels } from './kernels-nn.ts';

export const WASM = 'wasm';
let registered: WasmKernels | null = null;

export function registerWasmKernels(wk: WasmKernels): void {
  if (registered) return;
  registered = wk;
  for (const op of kernelNames('cpu')) registerKernel(op, WASM, getKernel(op, 'cpu'));
  registerFastKernels(WASM);
  registerWasmAttention(WASM, wk);
  registerWasmNnKernels(WASM, wk);

  const cpuGelu = getKernel<GeluKernel>('gelu', 'cpu');
  const cpuGeluBackward = getKernel<GeluBackwardKernel>('geluBackward', 'cpu');
  const base = WasmKernels.index();
  const addr = WasmKernels.addr;
  registerKernel<GeluKernel>('gelu', WASM, (x, approximate) => {
    if (approximate !== 'tanh') return cpuGelu(x, approximate);
    const n = x.length;
    const res = x.backend.alloc(n, 'float32');
    const mem = wk.scratch(2 * n);
    mem.set(cpuData(x), base);
    wk.exports.geluTanh(addr(0), addr(n), n);
    (cpuData(res) as Float32Array).set(mem.subarray(base + n, base + 2 * n));
    return res;
  });
  registerKernel<GeluBackwardKernel>('geluBackward', WASM, (x, g, approximate) => {
    if (approximate !== 'tanh') return cpuGeluBackward(x, g, approximate);
    const n = x.length;
    const res = x.backend.alloc(n, 'float32');
    const mem = wk.scratch(3 * n);
    mem.set(cpuData(x), base);
    mem.set(cpuData(g), base + n);
    wk.exports.geluTanhBackward(addr(0), addr(n), addr(2 * n), n);
    (cpuData(res) as Float32Array).set(mem.subarray(base + 2 * n, base + 3 * n));
    return res;
  });

  registerKernel<MatmulKernel>('matmul', WASM, (a, b, { batch, m, k, n, transposeA, transposeB, bBatched }) => {
    const res = a.backend.alloc(batch * m * n, 'float32');
    const [A, B, C] = [cpuData(a) as Float32Array, cpuData(b) as Float32Array, cpuData(res) as Float32Array];
    const tall = !bBatched && !transposeA; // (batch·m × k) · op(B) in one call
    const rows = tall ? batch * m : m;
    const calls = tall ? 1 : batch;
    const [ra, rb] = [0, A.length];
    const rc = rb + B.length;
    const rp = rc + C.length;
    const mem = wk.scratch(rp + wk.packFloats(rows, k, n));
    mem.set(A, base + ra);
    mem.set(B, base + rb);
    for (let p = 0; p < calls; p++) wk.product(ra + p * m * k, rb + (bBatched ? p * k * n : 0), rc + p * m * n, rows, k, n, transposeA, transposeB, rp);
    C.set(mem.subarray(base + rc, base + rp));
    return res;
  });
}
