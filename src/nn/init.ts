// Weight initializers (Glorot & Bengio 2010; He et al. 2015), drawn from the one seeded Rng.
// fanIn/fanOut are those of a (in, out) weight matrix.
import type { Rng } from './random.ts';

export type Init =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'normal'; std: number }
  | { kind: 'xavierUniform' }
  | { kind: 'xavierNormal' }
  | { kind: 'heNormal' };

export function initValues(init: Init, shape: readonly number[], rng: Rng): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const fanIn = shape.length >= 2 ? shape.at(-2)! : shape[0] ?? 1;
  const fanOut = shape.at(-1) ?? 1;
  const out = new Float32Array(n);
  const normal = (std: number) => out.forEach((_, i) => (out[i] = rng.normal() * std));
  switch (init.kind) {
    case 'zeros':
      break;
    case 'ones':
      out.fill(1);
      break;
    case 'normal':
      normal(init.std);
      break;
    case 'xavierUniform': {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      out.forEach((_, i) => (out[i] = (rng.next() * 2 - 1) * a));
      break;
    }
    case 'xavierNormal':
      normal(Math.sqrt(2 / (fanIn + fanOut)));
      break;
    case 'heNormal':
      normal(Math.sqrt(2 / fanIn));
      break;
  }
  return out;
}
