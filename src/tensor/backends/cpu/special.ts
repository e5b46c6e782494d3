// Special functions for the CPU kernels. erf: the Maclaurin series for |x| < 2.5, the
// continued fraction of erfc beyond (Numerical Recipes §6.2); both well within float32 precision.

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
