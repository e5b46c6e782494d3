// Seeded test data for the engine tests: the conformance suite draws its inputs here, and the
// GPU tests import it from this path. Gradient checks themselves live in conformance.ts.

/** Deterministic pseudo-random values in [-1, 1) (a 32-bit LCG, Numerical Recipes constants). */
export function randomData(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1);
}
