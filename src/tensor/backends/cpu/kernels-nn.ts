// CPU kernels for the neural-network ops: erf, GELU and its backward, the dropout mask,
// softmax / log-softmax (causal option), fused cross-entropy and its gradient, max, permute.
// Row loops in float64, stored as float32.
import { sizeOf, type Shape } from '../../tensor.ts';
import type { Storage } from '../../backend.ts';
import { registerKernel } from '../../registry.ts';
import type { ErfKernel } from '../../ops/erf.ts';
import type { SoftmaxKernel } from '../../ops/softmax.ts';
import type { CrossEntropyGradKernel, CrossEntropyKernel } from '../../ops/cross-entropy.ts';
import type { PermuteKernel } from '../../ops/permute.ts';
import type { MaxKernel } from '../../ops/max.ts';
import type { GeluBackwardKernel, GeluKernel } from '../../ops/gelu.ts';
import type { DropoutMaskKernel } from '../../ops/dropout.ts';
import { broadcastStrides } from '../../ops/op.ts';
import { cpuData } from './cpu-backend.ts';
import { dropoutHash, erf, gelu, geluSlope } from './special.ts';

let registered = false;
const alloc = (s: Storage, n: number) => s.backend.alloc(n, 'float32');

/** log Σ exp over row[0, n), stable. */
function logSumExp(x: ArrayLike<number>, off: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, x[off + j]!);
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(x[off + j]! - max);
  return max + Math.log(s);
}

export function registerCpuNnKernels(): void {
  if (registered) return;
  registered = true;

  registerKernel<ErfKernel>('erf', 'cpu', (x) => {
    const res = alloc(x, x.length);
    const [src, dst] = [cpuData(x), cpuData(res)];
    for (let i = 0; i < src.length; i++) dst[i] = erf(src[i]!);
    return res;
  });

  registerKernel<GeluKernel>('gelu', 'cpu', (x, approximate) => {
    const res = alloc(x, x.length);
    const [src, dst] = [cpuData(x), cpuData(res)];
    for (let i = 0; i < src.length; i++) dst[i] = gelu(src[i]!, approximate === 'tanh');
    return res;
  });

  registerKernel<GeluBackwardKernel>('geluBackward', 'cpu', (x, g, approximate) => {
    const res = alloc(x, x.length);
    const [src, up, dst] = [cpuData(x), cpuData(g), cpuData(res)];
    for (let i = 0; i < src.length; i++) dst[i] = up[i]! * geluSlope(src[i]!, approximate === 'tanh');
    return res;
  });

  registerKernel<DropoutMaskKernel>('dropoutMask', 'cpu', (backend, n, seed, threshold, scale) => {
    const res = backend.alloc(n, 'float32');
    const dst = cpuData(res);
    for (let i = 0; i < n; i++) dst[i] = dropoutHash(i, seed) < threshold ? 0 : scale;
    return res;
  });

  registerKernel<SoftmaxKernel>('softmax', 'cpu', (x, rows, cols, { log, causal }) => {
    const res = alloc(x, rows * cols);
    const [src, dst] = [cpuData(x), cpuData(res)];
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      const n = causal ? (r % cols) + 1 : cols; // row i of a (T, T) block sees columns 0…i
      const lse = logSumExp(src, off, n);
      for (let j = 0; j < cols; j++) {
        const v = j < n ? src[off + j]! - lse : -Infinity;
        dst[off + j] = log ? v : Math.exp(v);
      }
    }
    return res;
  });

  registerKernel<CrossEntropyKernel>('crossEntropy', 'cpu', (logits, targets, rows, classes, ignore) => {
    const res = alloc(logits, 1);
    const [x, t] = [cpuData(logits), cpuData(targets)];
    let total = 0;
    let count = 0;
    for (let r = 0; r < rows; r++) {
      const target = t[r]!;
      if (target === ignore) continue;
      if (target < 0 || target >= classes) throw new Error(`crossEntropy: target ${target} in row ${r} is outside 0…${classes - 1}`);
      total += logSumExp(x, r * classes, classes) - x[r * classes + target]!;
      count++;
    }
    cpuData(res)[0] = count ? total / count : 0;
    return res;
  });

  registerKernel<CrossEntropyGradKernel>('crossEntropyGrad', 'cpu', (logits, targets, grad, rows, classes, ignore) => {
    const res = alloc(logits, rows * classes);
    const [x, t, dst] = [cpuData(logits), cpuData(targets), cpuData(res)];
    let count = 0;
    for (let r = 0; r < rows; r++) if (t[r] !== ignore) count++;
    const scale = count ? cpuData(grad)[0]! / count : 0;
    for (let r = 0; r < rows; r++) {
      if (t[r] === ignore) continue;
      const off = r * classes;
      const lse = logSumExp(x, off, classes);
      for (let j = 0; j < classes; j++) dst[off + j] = (Math.exp(x[off + j]! - lse) - (j === t[r] ? 1 : 0)) * scale;
    }
    return res;
  });

  registerKernel<MaxKernel>('max', 'cpu', (x, shape, axes, mask) => {
    const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const src = cpuData(x);
    const best = new Float64Array(sizeOf(kept)).fill(-Infinity);
    const where = new Int32Array(best.length).fill(-1);
    const strides = broadcastStrides(kept, shape);
    const idx = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < src.length; i++) {
      let o = 0;
      for (let d = 0; d < shape.length; d++) o += idx[d]! * strides[d]!;
      if (src[i]! > best[o]! || where[o] === -1) {
        best[o] = src[i]!;
        where[o] = i;
      }
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d]! < shape[d]!) break;
        idx[d] = 0;
      }
    }
    if (!mask) {
      const res = x.backend.alloc(best.length, x.dtype);
      cpuData(res).set(best);
      return res;
    }
    const res = x.backend.alloc(src.length, x.dtype);
    for (const i of where) cpuData(res)[i] = 1;
    return res;
  });

  registerKernel<PermuteKernel>('permute', 'cpu', (x, shape: Shape, perm) => {
    const res = x.backend.alloc(x.length, x.dtype);
    const [src, dst] = [cpuData(x), cpuData(res)];
    const outShape = perm.map((p) => shape[p]!);
    const inStrides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
    const strides = perm.map((p) => inStrides[p]!);
    const idx = new Array<number>(outShape.length).fill(0);
    let off = 0;
    for (let i = 0; i < dst.length; i++) {
      dst[i] = src[off]!;
      for (let d = outShape.length - 1; d >= 0; d--) {
        idx[d]!++;
        off += strides[d]!;
        if (idx[d]! < outShape[d]!) break;
        off -= strides[d]! * outShape[d]!;
        idx[d] = 0;
      }
    }
    return res;
  });
}
