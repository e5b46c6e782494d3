// The wasm backend's kernels: every op starts as the CPU reference kernel (the storages are the
// same plain typed arrays), and the hot ones are replaced by SIMD kernels in WebAssembly.
// Matmul copies its operands into wasm memory (transposing on the way when asked), runs the
// 4×8 register-tiled kernel, and copies the product out; a shared right operand with a plain
// left one runs as one tall product. Leaves out threads (see README: measured not to pay here).
import { getKernel, kernelNames, registerKernel } from '../../registry.ts';
import type { MatmulKernel } from '../../ops/matmul.ts';
import type { GeluBackwardKernel, GeluKernel } from '../../ops/gelu.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import { WasmKernels } from './wasm-module.ts';
import { registerFastKernels } from './kernels-fast.ts';
import { registerWasmAttention } from './kernels-attention.ts';

export const WASM = 'wasm';
let registered: WasmKernels | null = null;

/** Writes the (rows × cols) matrix at src[so…] transposed, as (cols × rows), to dst[off…]. */
function copyTransposed(src: Float32Array, so: number, rows: number, cols: number, dst: Float32Array, off: number): void {
  for (let j = 0; j < rows; j++) {
    const s = so + j * cols;
    for (let i = 0; i < cols; i++) dst[off + i * rows + j] = src[s + i]!;
  }
}

export function registerWasmKernels(wk: WasmKernels): void {
  if (registered) return;
  registered = wk;
  for (const op of kernelNames('cpu')) registerKernel(op, WASM, getKernel(op, 'cpu'));
  registerFastKernels(WASM);
  registerWasmAttention(WASM, wk);

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
    const tall = !bBatched && !transposeA; // (batch·m × k) · (k × n) in one call
    const rows = tall ? batch * m : m;
    const calls = tall ? 1 : batch;
    const [ra, rb, rc] = [0, rows * k, rows * k + k * n];
    const mem = wk.scratch(wk.productFloats(rows, k, n));
    for (let p = 0; p < calls; p++) {
      const ao = p * m * k;
      if (transposeA) copyTransposed(A, ao, k, m, mem, base + ra); // stored (k × m), wanted (m × k)
      else mem.set(A.subarray(ao, ao + rows * k), base + ra);
      if (p === 0 || bBatched) {
        const bo = bBatched ? p * k * n : 0;
        if (transposeB) copyTransposed(B, bo, n, k, mem, base + rb); // stored (n × k), wanted (k × n)
        else mem.set(B.subarray(bo, bo + k * n), base + rb);
      }
      wk.product(ra, rb, rc, rows, k, n);
      C.set(mem.subarray(base + rc, base + rc + rows * n), p * m * n);
    }
    return res;
  });
}
