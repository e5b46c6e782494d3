// Central finite differences on the CPU backend: perturbs each input element by ±h, evaluates
// the scalar loss, and compares (f(x+h) − f(x−h)) / 2h with the gradient from backward().
import { expect } from 'vitest';
import { Tensor, fromArray, noGrad, type Backend } from '../../../src/tensor/index.ts';

export async function checkGradients(backend: Backend, inputs: { data: number[]; shape: number[] }[], loss: (...xs: Tensor[]) => Tensor, h = 1e-2, tol = 2e-2): Promise<void> {
  const xs = inputs.map((i) => fromArray(backend, i.data, i.shape, 'float32', true));
  loss(...xs).backward();
  for (let t = 0; t < xs.length; t++) {
    const analytic = await xs[t]!.grad!.data();
    for (let e = 0; e < inputs[t]!.data.length; e++) {
      const at = async (delta: number) =>
        noGrad(() => {
          const moved = inputs.map((inp, k) => {
            const d = [...inp.data];
            if (k === t) d[e]! += delta;
            return fromArray(backend, d, inp.shape);
          });
          return loss(...moved).data();
        });
      const numeric = ((await at(h))[0]! - (await at(-h))[0]!) / (2 * h);
      const scale = Math.max(1, Math.abs(numeric));
      expect(Math.abs(analytic[e]! - numeric) / scale, `input ${t} element ${e}: analytic ${analytic[e]} vs numeric ${numeric}`).toBeLessThan(tol);
    }
  }
}

/** Deterministic pseudo-random values in [-1, 1). */
export function randomData(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1);
}
