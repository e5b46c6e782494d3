// CPU kernels: plain loops over typed arrays, the reference for every other backend.
// Broadcasting walks the output index and maps it into each input through broadcast strides.
import type { Shape } from '../../tensor.ts';
import { sizeOf } from '../../tensor.ts';
import type { Storage } from '../../backend.ts';
import { registerKernel } from '../../registry.ts';
import { broadcastStrides } from '../../ops/op.ts';
import type { BinaryKernel, ExpandKernel, ScalarKernel } from '../../ops/binary.ts';
import type { UnaryKernel } from '../../ops/unary.ts';
import type { SumKernel } from '../../ops/reduce.ts';
import type { CopyKernel } from '../../ops/reshape.ts';
import type { MatmulKernel } from '../../ops/matmul.ts';
import type { WhereKernel } from '../../ops/where.ts';
import { cpuData } from './cpu-backend.ts';

let registered = false;

/** Offsets into each source for every output element, in row-major order. */
function broadcastIndex(out: Shape, strides: number[][], visit: (i: number, offsets: number[]) => void): void {
  const n = sizeOf(out);
  const idx = new Array<number>(out.length).fill(0);
  const offs = strides.map(() => 0);
  for (let i = 0; i < n; i++) {
    visit(i, offs);
    for (let d = out.length - 1; d >= 0; d--) {
      idx[d]!++;
      for (let s = 0; s < strides.length; s++) offs[s]! += strides[s]![d]!;
      if (idx[d]! < out[d]!) break;
      for (let s = 0; s < strides.length; s++) offs[s]! -= strides[s]![d]! * out[d]!;
      idx[d] = 0;
    }
  }
}

const BINARY = {
  add: (x: number, y: number) => x + y,
  sub: (x: number, y: number) => x - y,
  mul: (x: number, y: number) => x * y,
  div: (x: number, y: number) => x / y,
};

const UNARY = {
  neg: (x: number) => -x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  relu: (x: number) => (x > 0 ? x : 0),
  step: (x: number) => (x > 0 ? 1 : 0),
};

/** Registers the CPU kernels (once); outputs are allocated on the inputs' own backend. */
export function registerCpuKernels(): void {
  if (registered) return;
  registered = true;
  const name = 'cpu';
  const alloc = (s: Storage, n = s.length, dtype = s.dtype) => s.backend.alloc(n, dtype);

  registerKernel<BinaryKernel>('binary', name, (kind, a, aShape, b, bShape, out) => {
    const res = alloc(a, sizeOf(out));
    const [x, y, z] = [cpuData(a), cpuData(b), cpuData(res)];
    const f = BINARY[kind];
    broadcastIndex(out, [broadcastStrides(aShape, out), broadcastStrides(bShape, out)], (i, o) => {
      z[i] = f(x[o[0]!]!, y[o[1]!]!);
    });
    return res;
  });

  registerKernel<WhereKernel>('where', name, (cond, condShape, a, aShape, b, bShape, out) => {
    const res = alloc(a, sizeOf(out));
    const [c, x, y, z] = [cpuData(cond), cpuData(a), cpuData(b), cpuData(res)];
    const strides = [condShape, aShape, bShape].map((s) => broadcastStrides(s, out));
    broadcastIndex(out, strides, (i, o) => {
      z[i] = c[o[0]!] ? x[o[1]!]! : y[o[2]!]!;
    });
    return res;
  });

  registerKernel<ExpandKernel>('expand', name, (x, shape, out) => {
    const res = alloc(x, sizeOf(out));
    const [src, dst] = [cpuData(x), cpuData(res)];
    broadcastIndex(out, [broadcastStrides(shape, out)], (i, o) => {
      dst[i] = src[o[0]!]!;
    });
    return res;
  });

  registerKernel<ScalarKernel>('scalar', name, (kind, x, s) => {
    const res = alloc(x);
    const [src, dst] = [cpuData(x), cpuData(res)];
    for (let i = 0; i < src.length; i++) dst[i] = kind === 'add' ? src[i]! + s : kind === 'mul' ? src[i]! * s : src[i]! ** s;
    return res;
  });

  registerKernel<UnaryKernel>('unary', name, (kind, x) => {
    const res = alloc(x);
    const [src, dst] = [cpuData(x), cpuData(res)];
    const f = UNARY[kind];
    for (let i = 0; i < src.length; i++) dst[i] = f(src[i]!);
    return res;
  });

  registerKernel<CopyKernel>('copy', name, (x) => {
    const res = alloc(x);
    cpuData(res).set(cpuData(x));
    return res;
  });

  registerKernel<SumKernel>('sum', name, (x, shape, axes) => {
    const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const res = alloc(x, sizeOf(kept));
    const [src, dst] = [cpuData(x), cpuData(res)];
    // Accumulate in float64, then store: the reference should not add float32 noise of its own.
    const acc = new Float64Array(dst.length);
    broadcastIndex(shape, [broadcastStrides(kept, shape)], (i, o) => {
      acc[o[0]!]! += src[i]!;
    });
    dst.set(acc);
    return res;
  });

  registerKernel<MatmulKernel>('matmul', name, (a, b, { batch, m, k, n, transposeA, transposeB, bBatched }) => {
    const res = alloc(a, batch * m * n, 'float32');
    const [A, B, C] = [cpuData(a), cpuData(b), cpuData(res)];
    const row = new Float64Array(n);
    // Bᵀ is copied once per matrix into (K, N) order, so the inner loop always runs along a row.
    const packed = transposeB ? new Float32Array(k * n) : null;
    for (let p = 0; p < batch; p++) {
      const ao = p * m * k;
      let bo = bBatched ? p * k * n : 0;
      let src: ArrayLike<number> = B;
      if (packed && (p === 0 || bBatched)) {
        for (let j = 0; j < n; j++) for (let q = 0; q < k; q++) packed[q * n + j] = B[bo + j * k + q]!;
      }
      if (packed) [src, bo] = [packed, 0];
      for (let i = 0; i < m; i++) {
        row.fill(0);
        for (let q = 0; q < k; q++) {
          const av = A[ao + (transposeA ? q * m + i : i * k + q)]!;
          for (let j = 0, off = bo + q * n; j < n; j++) row[j]! += av * src[off + j]!;
        }
        C.set(row, p * m * n + i * n);
      }
    }
    return res;
  });
}
