// Elementwise arithmetic on the wasm backend: float32 operands of equal shapes, or one repeating
// along leading axes (at least 4 elements per repeat), run in WebAssembly SIMD; everything else
// goes to the typed-array fast paths (kernels-fast.ts), which fall back to the CPU reference.
import { sizeOf } from '../../tensor.ts';
import { getKernel, registerKernel } from '../../registry.ts';
import type { BinaryKernel, BinaryKind } from '../../ops/binary.ts';
import type { WasmKernels } from './wasm-module.ts';
import { KernelCall, allocOut } from './kernel-call.ts';
import { isSuffix } from './kernels-fast.ts';

const KINDS: Record<BinaryKind, number> = { add: 0, sub: 1, mul: 2, div: 3 };

export function registerWasmElementwise(name: string, wk: WasmKernels): void {
  const typed = getKernel<BinaryKernel>('binary', name);
  registerKernel<BinaryKernel>('binary', name, (kind, a, aShape, b, bShape, out) => {
    const n = sizeOf(out);
    const aFull = a.length === n && (b.length === n || isSuffix(bShape, out));
    const bFull = !aFull && b.length === n && isSuffix(aShape, out);
    const [x, y] = aFull ? [a, b] : [b, a];
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !(aFull || bFull) || y.length < 4 || !(kind in KINDS)) return typed(kind, a, aShape, b, bShape, out);
    const res = allocOut(a, n);
    const call = new KernelCall(wk);
    const [px, py, pz] = [call.in(x), call.in(y), call.out(res)];
    const ny = y.length;
    // Split whole repeats of y (or, for equal shapes, any multiple of 4 elements).
    const unit = ny === n ? 4 : ny;
    call.run(() =>
      wk.parallelRange('binaryRepeat', Math.ceil(n / unit), Math.ceil(wk.streamingMin / unit), 1, (s, e) => {
        const [from, to] = [s * unit, Math.min(n, e * unit)];
        return [KINDS[kind], px + 4 * from, ny === n ? py + 4 * from : py, pz + 4 * from, to - from, ny === n ? to - from : ny, +bFull];
      }),
    );
    return res;
  });
}
