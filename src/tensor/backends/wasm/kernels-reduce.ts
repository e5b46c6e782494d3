// Reductions and the loss on the wasm backend (assembly/reduce.ts): sums over every axis and
// the sum of squares (the squared norms of gradient clipping) in SIMD with float64 accumulation,
// clipping's scale in place, and cross-entropy (loss and gradient) per row of logits. Targets
// are checked here, as the CPU reference does. Other sums go to the typed-array fast paths
// (kernels-fast.ts).
import { getKernel, registerKernel } from '../../registry.ts';
import type { SumKernel, SumSquaresKernel } from '../../ops/reduce.ts';
import type { ClipKernel } from '../../ops/optim-step.ts';
import type { CrossEntropyGradKernel, CrossEntropyKernel } from '../../ops/cross-entropy.ts';
import type { Storage } from '../../backend.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import type { WasmKernels } from './wasm-module.ts';
import { KernelCall, allocOut } from './kernel-call.ts';

interface ReduceExports {
  sumAll(x: number, n: number, squares: number): number;
  scaleInPlace(x: number, n: number, s: number): void;
  crossEntropyRows(logits: number, targets: number, rows: number, classes: number, ignore: number, stats: number): void;
  crossEntropyGradRows(logits: number, targets: number, out: number, rows: number, classes: number, ignore: number, scale: number, stats: number): void;
}

/** Rows whose target counts; throws on a target outside the classes, naming the row. */
function countTargets(targets: Storage, rows: number, classes: number, ignore: number): number {
  const t = cpuData(targets);
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const target = t[r]!;
    if (target === ignore) continue;
    if (target < 0 || target >= classes) throw new Error(`crossEntropy: target ${target} in row ${r} is outside 0…${classes - 1}`);
    count++;
  }
  return count;
}

export function registerWasmReduceKernels(name: string, wk: WasmKernels): void {
  const ex = wk.exports as unknown as ReduceExports;
  const partialSum = getKernel<SumKernel>('sum', name);
  /** Σ x (or Σ x²) over every element, as a one-element storage. */
  const total = (x: Storage, squares: boolean): Storage => {
    const res = allocOut(x, 1);
    const call = new KernelCall(wk);
    const px = call.in(x);
    let value = 0;
    call.run(() => (value = ex.sumAll(px, x.length, +squares)));
    cpuData(res)[0] = value;
    return res;
  };
  registerKernel<SumKernel>('sum', name, (x, shape, axes) =>
    x.dtype !== 'float32' || x.length === 0 || axes.length !== shape.length ? partialSum(x, shape, axes) : total(x, false),
  );
  registerKernel<SumSquaresKernel>('sumSquares', name, (x) => total(x, true));

  registerKernel<ClipKernel>('clipByNorm', name, (grad, norm, maxNorm) => {
    const scale = Math.min(1, maxNorm / (cpuData(norm)[0]! + 1e-6));
    if (scale === 1) return; // g · 1 = g
    const call = new KernelCall(wk);
    const pg = call.inOut(grad);
    call.run(() => ex.scaleInPlace(pg, grad.length, scale));
  });

  registerKernel<CrossEntropyKernel>('crossEntropy', name, (logits, targets, rows, classes, ignore) => {
    const count = countTargets(targets, rows, classes, ignore);
    const res = allocOut(logits, 1);
    const call = new KernelCall(wk);
    const [pl, pt, ps] = [call.in(logits), call.in(targets), call.scratch(12 * Math.max(rows, 1))];
    let total = 0;
    call.run(() => {
      if (!count) return;
      ex.crossEntropyRows(pl, pt, rows, classes, ignore, ps);
      const [stats, t] = [new Float32Array(wk.view().buffer, ps, 3 * rows), cpuData(targets)];
      for (let r = 0; r < rows; r++) if (t[r] !== ignore) total += stats[3 * r]! + Math.log(stats[3 * r + 1]!) - stats[3 * r + 2]!;
    });
    cpuData(res)[0] = count ? total / count : 0;
    return res;
  });

  registerKernel<CrossEntropyGradKernel>('crossEntropyGrad', name, (logits, targets, grad, rows, classes, ignore) => {
    const count = countTargets(targets, rows, classes, ignore);
    const scale = count ? cpuData(grad)[0]! / count : 0;
    const res = allocOut(logits, rows * classes);
    const call = new KernelCall(wk);
    const [pl, pt, pr, ps] = [call.in(logits), call.in(targets), call.out(res), call.scratch(16)];
    call.run(() => ex.crossEntropyGradRows(pl, pt, pr, rows, classes, ignore, scale, ps));
    return res;
  });
}
