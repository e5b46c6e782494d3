// GELU with GPT-2's tanh approximation, four lanes at a time, shared by the GELU kernels and the
// matmul epilogues: ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), computed as x·σ(2u) =
// x / (1 + e^{−2u}) (the same function: ½(1 + tanh u) = σ(2u)); its slope is
// σ + 2x·σ(1 − σ)·u′, u′ = √(2/π)(1 + 3·0.044715x²).
import { exp4, madd } from './exp';

const K0: f32 = 0.7978845608028654; // √(2/π)
const K1: f32 = 0.044715;

/** σ(2u) for the four lanes of x. */
// @ts-ignore: decorator
@inline function gate4(x: v128): v128 {
  const x2 = f32x4.mul(x, x);
  const u2 = f32x4.mul(f32x4.mul(x, f32x4.splat(-2 * K0)), madd(f32x4.splat(K1), x2, f32x4.splat(1))); // −2u
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(u2)));
}

/** GELU of the four lanes. */
// @ts-ignore: decorator
@inline export function gelu4(x: v128): v128 {
  return f32x4.mul(x, gate4(x));
}

/** GELU′ of the four lanes. */
// @ts-ignore: decorator
@inline export function geluSlope4(v: v128): v128 {
  const s = gate4(v);
  const du = madd(f32x4.splat(3 * K1 * K0), f32x4.mul(v, v), f32x4.splat(K0));
  const ds = f32x4.mul(f32x4.mul(s, f32x4.sub(f32x4.splat(1), s)), f32x4.mul(f32x4.add(v, v), du));
  return f32x4.add(s, ds);
}
