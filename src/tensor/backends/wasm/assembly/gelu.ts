// GELU with GPT-2's tanh approximation, forward and backward, four lanes at a time:
// ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), with tanh(u) = 1 − 2/(e^{2u} + 1) and e^y from
// a range reduction y = n·ln2 + r and a degree-6 polynomial for e^r (relative error ~1e-7).
// Lengths that are not a multiple of 4 finish with the same math one lane at a time.
import { exp4 } from './lib/exp';

const K0: f32 = 0.7978845608028654; // √(2/π)
const K1: f32 = 0.044715;

// @ts-ignore: decorator
@inline function tanh4(u: v128): v128 {
  const e = exp4(f32x4.mul(u, f32x4.splat(2)));
  return f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
}

// @ts-ignore: decorator
@inline function inner4(x: v128): v128 {
  return f32x4.mul(f32x4.splat(K0), f32x4.add(x, f32x4.mul(f32x4.splat(K1), f32x4.mul(x, f32x4.mul(x, x)))));
}

/** out[i] = GELU(x[i]) for i < n. */
export function geluTanh(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = <usize>i << 2;
    const v = v128.load(x + p);
    const t = tanh4(inner4(v));
    v128.store(out + p, f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), f32x4.add(f32x4.splat(1), t)));
  }
  for (let i = n4; i < n; i++) {
    const p = <usize>i << 2;
    const v = f32x4.splat(load<f32>(x + p));
    const t = tanh4(inner4(v));
    store<f32>(out + p, f32x4.extract_lane(f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), f32x4.add(f32x4.splat(1), t)), 0));
  }
}

// @ts-ignore: decorator
@inline function slope4(v: v128): v128 {
  const t = tanh4(inner4(v));
  const du = f32x4.mul(f32x4.splat(K0), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(3 * K1), f32x4.mul(v, v))));
  const sech2 = f32x4.sub(f32x4.splat(1), f32x4.mul(t, t));
  return f32x4.add(f32x4.mul(f32x4.splat(0.5), f32x4.add(f32x4.splat(1), t)), f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), f32x4.mul(sech2, du)));
}

/** out[i] = g[i] · GELU'(x[i]) for i < n. */
export function geluTanhBackward(x: usize, g: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, f32x4.mul(v128.load(g + p), slope4(v128.load(x + p))));
  }
  for (let i = n4; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, load<f32>(g + p) * f32x4.extract_lane(slope4(f32x4.splat(load<f32>(x + p))), 0));
  }
}
