// Special functions for the CPU kernels. erf: the Maclaurin series for |x| < 2.5, the
// continued fraction of erfc beyond (Numerical Recipes §6.2); both well within float32 precision.
// GELU and its slope (exact and tanh forms), and the dropout hash (lowbias32, C. Wellons 2018).

export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 60; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(−x²)/(x√π) · 1/(1+ 1/(2x²)/(1+ 2/(2x²)/(1+ …))) via Lentz's method.
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 100; n++) {
    const an = n / 2;
    d = ax + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + an / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return x > 0 ? 1 - erfc : erfc - 1;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_CUBIC = 0.044715;

/** GELU at x: exact x·Φ(x), or the tanh approximation. */
export function gelu(x: number, approximate: boolean): number {
  if (!approximate) return 0.5 * x * (1 + erf(x * Math.SQRT1_2));
  return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)));
}

/** dGELU/dx at x: Φ(x) + x·φ(x), or the derivative of the tanh form. */
export function geluSlope(x: number, approximate: boolean): number {
  if (!approximate) return 0.5 * (1 + erf(x * Math.SQRT1_2)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
  const t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
}

/** lowbias32 of i·0x9E3779B9 + seed: the dropout hash (ops/dropout.ts), in u32 arithmetic. */
export function dropoutHash(i: number, seed: number): number {
  let h = (Math.imul(i, 0x9e3779b9) + seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
