// Shared SIMD math for the AssemblyScript kernels — multiply-add, e^x, a lane sum — imported,
// not an entry of the build, so nothing here is a wasm export.
// e^x four lanes at a time by range reduction x = n·ln2 + r and a degree-6 polynomial for e^r
// (relative error ~1e-7), inputs clamped to ±87; the rounding and the power of two come from the
// float bits (no float→int conversion, which is slow in SIMD).

/** a + b·c, fused where the build has relaxed SIMD (one rounding then). */
// @ts-ignore: decorator
@inline export function madd(b: v128, c: v128, a: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(b, c, a);
  return f32x4.add(a, f32x4.mul(b, c));
}

// @ts-ignore: decorator
@inline export function exp4(y: v128): v128 {
  // pmin/pmax (one instruction each; their NaN rules do not matter here) clamp to ±87.
  const x = f32x4.pmax(f32x4.pmin(y, f32x4.splat(87)), f32x4.splat(-87));
  // n = round(x/ln2) by adding 1.5·2²³ (ulp 1 there): t's low mantissa bits then hold n.
  const t = madd(x, f32x4.splat(1.4426950408889634), f32x4.splat(12582912));
  const n = f32x4.sub(t, f32x4.splat(12582912));
  let r = madd(n, f32x4.splat(-0.693145751953125), x);
  r = madd(n, f32x4.splat(-1.428606765330187e-6), r);
  let p = f32x4.splat(1.0 / 720);
  p = madd(p, r, f32x4.splat(1.0 / 120));
  p = madd(p, r, f32x4.splat(1.0 / 24));
  p = madd(p, r, f32x4.splat(1.0 / 6));
  p = madd(p, r, f32x4.splat(0.5));
  p = madd(p, r, f32x4.splat(1));
  p = madd(p, r, f32x4.splat(1));
  // 2ⁿ: n in the exponent field (t << 23 leaves n·2²³; the rest of t shifts out) plus the bias.
  const scale = i32x4.add(i32x4.shl(t, 23), i32x4.splat(127 << 23));
  return f32x4.mul(p, scale);
}

/** The sum of the four lanes. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}
