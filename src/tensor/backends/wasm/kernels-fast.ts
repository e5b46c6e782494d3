// Fast paths the wasm backend takes before the CPU reference's general loops: elementwise
// arithmetic on equal shapes or with one side repeating along leading axes (a bias, a position
// table), as tight typed-array loops with the operation chosen outside the loop. Any other
// broadcast goes to the reference kernel.
import type { Shape } from '../../tensor.ts';
import { sizeOf } from '../../tensor.ts';
import { getKernel, registerKernel } from '../../registry.ts';
import type { BinaryKernel, BinaryKind } from '../../ops/binary.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import type { TypedArray } from '../../backend.ts';

/** Whether `s` equals the last dims of `out` (after dropping leading 1s of s). */
function isSuffix(s: Shape, out: Shape): boolean {
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

export function registerFastKernels(name: string): void {
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
