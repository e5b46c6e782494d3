// Fast paths the wasm backend takes before the CPU reference's general loops: elementwise
// arithmetic on equal shapes or with one side repeating along leading axes (a bias, a position
// table), as tight typed-array loops with the operation chosen outside the loop; slices,
// concatenations (a KV cache growing by a token) and permutes copied as contiguous runs; sums over leading or trailing axes as row loops
// (accumulating in float64 like the reference). Any other case goes to the reference kernel.
import type { Shape } from '../../tensor.ts';
import { sizeOf } from '../../tensor.ts';
import { getKernel, registerKernel } from '../../registry.ts';
import type { BinaryKernel, BinaryKind } from '../../ops/binary.ts';
import type { ConcatKernel, SliceKernel, UnsliceKernel } from '../../ops/slice.ts';
import type { PermuteKernel } from '../../ops/permute.ts';
import type { SumKernel } from '../../ops/reduce.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import { allocOut } from './kernel-call.ts';
import type { TypedArray } from '../../backend.ts';

/** Whether `s` equals the last dims of `out` (after dropping leading 1s of s). */
export function isSuffix(s: Shape, out: Shape): boolean {
  const t = s.slice(s.findIndex((d) => d !== 1) === -1 ? s.length : s.findIndex((d) => d !== 1));
  return t.length <= out.length && t.every((d, i) => d === out[out.length - t.length + i]);
}

/** z[i] = x[i] ∘ y[i mod ny] (x full, y repeating). swap: z[i] = y[i mod ny] ∘ x[i]. */
function loop(kind: BinaryKind, x: TypedArray, y: TypedArray, z: TypedArray, swap: boolean): void {
  const n = z.length;
  const ny = y.length;
  for (let base = 0; base < n; base += ny) {
    const end = Math.min(ny, n - base);
    if (kind === 'add') for (let j = 0; j < end; j++) z[base + j] = x[base + j]! + y[j]!;
    else if (kind === 'mul') for (let j = 0; j < end; j++) z[base + j] = x[base + j]! * y[j]!;
    else if (kind === 'sub') {
      if (swap) for (let j = 0; j < end; j++) z[base + j] = y[j]! - x[base + j]!;
      else for (let j = 0; j < end; j++) z[base + j] = x[base + j]! - y[j]!;
    } else if (swap) for (let j = 0; j < end; j++) z[base + j] = y[j]! / x[base + j]!;
    else for (let j = 0; j < end; j++) z[base + j] = x[base + j]! / y[j]!;
  }
}

/**
 * The box [begin, begin + size) of a row-major array of `shape` as contiguous runs: calls
 * visit(offset in the big array, offset in the box, run length) for each.
 */
function boxRuns(shape: Shape, begin: number[], size: number[], visit: (big: number, box: number, len: number) => void): void {
  const r = shape.length;
  let p = r - 1; // dims after p are taken whole, so one run spans size[p] · (their product)
  let inner = 1;
  while (p > 0 && size[p] === shape[p]) inner *= shape[p--]!;
  const len = size[p]! * inner;
  const strides = new Array<number>(r).fill(1);
  for (let d = r - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  const outer = size.slice(0, p).reduce((a, b) => a * b, 1);
  const idx = new Array<number>(p).fill(0);
  for (let o = 0; o < outer; o++) {
    let big = begin[p]! * strides[p]!;
    for (let d = 0; d < p; d++) big += (begin[d]! + idx[d]!) * strides[d]!;
    visit(big, o * len, len);
    for (let d = p - 1; d >= 0; d--) {
      if (++idx[d]! < size[d]!) break;
      idx[d] = 0;
    }
  }
}

/** dst = src with axes permuted; the trailing axes that stay in place are copied as runs. */
function permuteRuns(src: TypedArray, dst: TypedArray, shape: Shape, perm: number[]): void {
  let p = shape.length;
  let run = 1;
  while (p > 0 && perm[p - 1] === p - 1) run *= shape[--p]!;
  if (p === 0) return dst.set(src);
  const inStrides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const dims = perm.slice(0, p).map((a) => shape[a]!);
  const strides = perm.slice(0, p).map((a) => inStrides[a]!);
  const [last, step] = [dims[p - 1]!, strides[p - 1]!];
  const idx = new Array<number>(p - 1).fill(0);
  const outer = sizeOf(dims.slice(0, p - 1));
  let o = 0;
  for (let n = 0; n < outer; n++) {
    let off = 0;
    for (let d = 0; d < p - 1; d++) off += idx[d]! * strides[d]!;
    for (let i = 0; i < last; i++, off += step) for (let j = 0; j < run; j++) dst[o++] = src[off + j]!;
    for (let d = p - 2; d >= 0; d--) {
      if (++idx[d]! < dims[d]!) break;
      idx[d] = 0;
    }
  }
}

/** The sum over axes [0, q) (lead) or [q, rank) (trail) as (rows × cols) loops; null for other axes. */
function sumRows(src: TypedArray, shape: Shape, axes: number[]): Float64Array | null {
  const sorted = [...axes].sort((a, b) => a - b);
  const lead = sorted.every((a, i) => a === i);
  const trail = sorted.every((a, i) => a === shape.length - sorted.length + i);
  if (!lead && !trail) return null;
  const rows = lead ? sizeOf(shape.slice(0, sorted.length)) : sizeOf(shape.slice(0, shape.length - sorted.length));
  const cols = src.length / Math.max(rows, 1);
  if (lead) {
    const acc = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0, o = r * cols; c < cols; c++) acc[c]! += src[o + c]!;
    return acc;
  }
  const acc = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let t = 0;
    for (let c = 0, o = r * cols; c < cols; c++) t += src[o + c]!;
    acc[r] = t;
  }
  return acc;
}

export function registerFastKernels(name: string): void {
  registerKernel<PermuteKernel>('permute', name, (x, shape, perm) => {
    const res = x.backend.alloc(x.length, x.dtype);
    if (x.length > 0) permuteRuns(cpuData(x), cpuData(res), shape, perm);
    return res;
  });
  const generalSum = getKernel<SumKernel>('sum', 'cpu');
  registerKernel<SumKernel>('sum', name, (x, shape, axes) => {
    const acc = x.length > 0 && axes.length > 0 ? sumRows(cpuData(x), shape, axes) : null;
    if (!acc) return generalSum(x, shape, axes);
    const res = x.backend.alloc(acc.length, x.dtype);
    cpuData(res).set(acc);
    return res;
  });
  registerKernel<SliceKernel>('slice', name, (x, shape, begin, size) => {
    const res = x.backend.alloc(sizeOf(size), x.dtype);
    const [src, dst] = [cpuData(x), cpuData(res)];
    if (res.length > 0) boxRuns(shape, begin, size, (big, box, len) => dst.set(src.subarray(big, big + len), box));
    return res;
  });
  registerKernel<UnsliceKernel>('unslice', name, (part, shape, begin, size) => {
    const res = part.backend.alloc(sizeOf(shape), part.dtype);
    const [src, dst] = [cpuData(part), cpuData(res)];
    if (src.length > 0) boxRuns(shape, begin, size, (big, box, len) => dst.set(src.subarray(box, box + len), big));
    return res;
  });

  registerKernel<ConcatKernel>('concat', name, (parts, shapes, axis, out) => {
    const res = allocOut(parts[0]!, sizeOf(out), parts[0]!.dtype); // every element is written
    const dst = cpuData(res);
    let at = 0;
    parts.forEach((p, i) => {
      const size = [...shapes[i]!];
      const src = cpuData(p);
      if (p.length > 0) boxRuns(out, out.map((_, d) => (d === axis ? at : 0)), size, (big, box, len) => dst.set(src.subarray(box, box + len), big));
      at += size[axis]!;
    });
    return res;
  });

  const general = getKernel<BinaryKernel>('binary', 'cpu');
  registerKernel<BinaryKernel>('binary', name, (kind, a, aShape, b, bShape, out) => {
    const n = sizeOf(out);
    const aFull = a.length === n;
    const bFull = b.length === n;
    if (a.dtype !== b.dtype || !((aFull && isSuffix(bShape, out)) || (bFull && isSuffix(aShape, out)))) return general(kind, a, aShape, b, bShape, out);
    const res = a.backend.alloc(n, a.dtype);
    if (aFull) loop(kind, cpuData(a), cpuData(b), cpuData(res), false);
    else loop(kind, cpuData(b), cpuData(a), cpuData(res), true);
    return res;
  });
}
