// GELU with GPT-2's tanh approximation, forward and backward, four lanes at a time:
// ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), computed as x·σ(2u) = x / (1 + e^{−2u}) (the
// same function: ½(1 + tanh u) = σ(2u)), with e^y from lib/exp. The slope is
// σ + 2x·σ(1 − σ)·u′, u′ = √(2/π)(1 + 3·0.044715x²). Lengths that are not a multiple of 4
// finish with the same math one lane at a time.
import { exp4, madd } from './lib/exp';

const K0: f32 = 0.7978845608028654; // √(2/π)
const K1: f32 = 0.044715;

/** σ(2u) for the four lanes of x. */
// @ts-ignore: decorator
@inline function gate4(x: v128): v128 {
  const x2 = f32x4.mul(x, x);
  const u2 = f32x4.mul(f32x4.mul(x, f32x4.splat(-2 * K0)), madd(f32x4.splat(K1), x2, f32x4.splat(1))); // −2u
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(u2)));
}

/** out[i] = GELU(x[i]) for i < n. */
export function geluTanh(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = <usize>i << 2;
    const v = v128.load(x + p);
    v128.store(out + p, f32x4.mul(v, gate4(v)));
  }
  for (let i = n4; i < n; i++) {
    const p = <usize>i << 2;
    const v = f32x4.splat(load<f32>(x + p));
    store<f32>(out + p, f32x4.extract_lane(f32x4.mul(v, gate4(v)), 0));
  }
}

// @ts-ignore: decorator
@inline function slope4(v: v128): v128 {
  const s = gate4(v);
  const du = madd(f32x4.splat(3 * K1 * K0), f32x4.mul(v, v), f32x4.splat(K0));
  const ds = f32x4.mul(f32x4.mul(s, f32x4.sub(f32x4.splat(1), s)), f32x4.mul(f32x4.add(v, v), du));
  return f32x4.add(s, ds);
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
