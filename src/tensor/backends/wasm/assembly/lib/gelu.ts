// GELU with GPT-2's tanh approximation, four lanes at a time, shared by the GELU kernels and the
// matmul epilogues: ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), computed as x·σ(2u) =
// x / (1 + e^{−2u}) (the same function: ½(1 + tanh u) = σ(2u)); its slope is
// σ + 2x·σ(1 − σ)·u′, u′ = √(2/π)(1 + 3·0.044715x²). The exact GELU x·Φ(x) (BERT's) takes
// Φ(x) = ½(1 + erf(x/√2)) with erf from Abramowitz & Stegun 7.1.26 (|error| < 1.5·10⁻⁷); its
// slope is Φ(x) + x·φ(x), φ the standard normal density.
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

const P: f32 = 0.3275911; // A&S 7.1.26
const A1: f32 = 0.254829592;
const A2: f32 = -0.284496736;
const A3: f32 = 1.421413741;
const A4: f32 = -1.453152027;
const A5: f32 = 1.061405429;
const SQRT_HALF: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

/** Φ(x) = ½(1 + erf(x/√2)) of the four lanes. */
// @ts-ignore: decorator
@inline function phi4(x: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT_HALF));
  const t = f32x4.div(f32x4.splat(1), madd(f32x4.splat(P), z, f32x4.splat(1)));
  let poly = madd(f32x4.splat(A5), t, f32x4.splat(A4));
  poly = madd(poly, t, f32x4.splat(A3));
  poly = madd(poly, t, f32x4.splat(A2));
  poly = madd(poly, t, f32x4.splat(A1));
  const erfAbs = f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.mul(poly, t), exp4(f32x4.neg(f32x4.mul(z, z)))));
  const erf = v128.bitselect(f32x4.neg(erfAbs), erfAbs, f32x4.lt(x, f32x4.splat(0)));
  return f32x4.mul(f32x4.splat(0.5), f32x4.add(f32x4.splat(1), erf));
}

/** Exact GELU x·Φ(x) of the four lanes. */
// @ts-ignore: decorator
@inline export function geluErf4(x: v128): v128 {
  return f32x4.mul(x, phi4(x));
}

/** Exact GELU′ = Φ(x) + x·φ(x) of the four lanes. */
// @ts-ignore: decorator
@inline export function geluErfSlope4(x: v128): v128 {
  const density = f32x4.mul(f32x4.splat(INV_SQRT_2PI), exp4(f32x4.mul(f32x4.splat(-0.5), f32x4.mul(x, x))));
  return madd(x, density, phi4(x));
}
