// WebGPU kernels, registered under the backend name 'webgpu' with the same signatures as the
// CPU ones: elementwise (unary, scalar, broadcasting binary, expand), copy, sum, tiled matmul.
// Ops without a kernel here throw KernelNotFoundError when run on WebGPU.
import { sizeOf, type Shape } from '../../tensor.ts';
import type { Storage } from '../../backend.ts';
import { registerKernel } from '../../registry.ts';
import { broadcastStrides } from '../../ops/op.ts';
import type { BinaryKernel, ExpandKernel, ScalarKernel } from '../../ops/binary.ts';
import type { UnaryKernel } from '../../ops/unary.ts';
import type { SumKernel } from '../../ops/reduce.ts';
import type { CopyKernel } from '../../ops/reshape.ts';
import type { MatmulKernel } from '../../ops/matmul.ts';
import { gpuBuffer, type WebGpuBackend } from './webgpu-backend.ts';
import { EXPAND_SHADER, binaryShader, scalarShader, unaryShader } from './wgsl/elementwise.ts';
import { SUM_SHADER } from './wgsl/reduce.ts';
import { MATMUL_SHADER, TILE } from './wgsl/matmul.ts';

let registered = false;
const gpu = (s: Storage) => s.backend as WebGpuBackend;
const floatBits = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0]!;

function needFloat(op: string, s: Storage): void {
  if (s.dtype !== 'float32') throw new Error(`${op} on WebGPU needs float32, got ${s.dtype}`);
}

export function registerWebGpuKernels(): void {
  if (registered) return;
  registered = true;

  registerKernel<UnaryKernel>('unary', 'webgpu', (kind, x) => {
    needFloat(kind, x);
    const b = gpu(x);
    const y = b.alloc(x.length, 'float32');
    b.run(unaryShader(kind), [gpuBuffer(x), y.buffer, b.params([x.length])], b.grid(x.length));
    return y;
  });

  registerKernel<ScalarKernel>('scalar', 'webgpu', (kind, x, s) => {
    needFloat(kind, x);
    const b = gpu(x);
    const y = b.alloc(x.length, 'float32');
    b.run(scalarShader(kind), [gpuBuffer(x), y.buffer, b.params([x.length, floatBits(s)])], b.grid(x.length));
    return y;
  });

  registerKernel<BinaryKernel>('binary', 'webgpu', (kind, a, aShape, c, cShape, out) => {
    if (a.dtype === 'int32' && kind !== 'add' && kind !== 'sub' && kind !== 'mul') throw new Error(`${kind} of int32 tensors is not supported on WebGPU`);
    const b = gpu(a);
    const n = sizeOf(out);
    const y = b.alloc(n, a.dtype);
    const p = [n, out.length, ...out, ...broadcastStrides(aShape, out), ...broadcastStrides(cShape, out)];
    b.run(binaryShader(kind, a.dtype === 'float32' ? 'f32' : 'i32'), [gpuBuffer(a), gpuBuffer(c), y.buffer, b.params(p)], b.grid(n));
    return y;
  });

  registerKernel<ExpandKernel>('expand', 'webgpu', (x, shape: Shape, out) => {
    const b = gpu(x);
    const n = sizeOf(out);
    const y = b.alloc(n, x.dtype);
    b.run(EXPAND_SHADER, [gpuBuffer(x), y.buffer, b.params([n, out.length, ...out, ...broadcastStrides(shape, out)])], b.grid(n));
    return y;
  });

  registerKernel<CopyKernel>('copy', 'webgpu', (x) => {
    const b = gpu(x);
    const y = b.alloc(x.length, x.dtype);
    b.copy(gpuBuffer(x), y.buffer, x.length * 4);
    return y;
  });

  registerKernel<SumKernel>('sum', 'webgpu', (x, shape, axes) => {
    needFloat('sum', x);
    const b = gpu(x);
    const outputs = sizeOf(shape.filter((_, i) => !axes.includes(i)));
    const reduced = sizeOf(axes.map((a) => shape[a]!));
    const strides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
    const flags = shape.map((_, i) => (axes.includes(i) ? 1 : 0));
    const y = b.alloc(outputs, 'float32');
    b.run(SUM_SHADER, [gpuBuffer(x), y.buffer, b.params([outputs, shape.length, reduced, ...shape, ...strides, ...flags])], b.grid(outputs));
    return y;
  });

  registerKernel<MatmulKernel>('matmul', 'webgpu', (a, c, { batch, m, k, n, transposeA, transposeB, bBatched }) => {
    const b = gpu(a);
    const y = b.alloc(batch * m * n, 'float32');
    const p = [m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0, bBatched ? 1 : 0];
    b.run(MATMUL_SHADER, [gpuBuffer(a), gpuBuffer(c), y.buffer, b.params(p)], [Math.ceil(n / TILE), Math.ceil(m / TILE), batch]);
    return y;
  });
}
