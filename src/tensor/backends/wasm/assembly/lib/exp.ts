// Shared SIMD math for the AssemblyScript kernels — e^x, a lane sum, multiply-add, a row's
// maximum and softmax — imported, not an entry of the build, so nothing here is a wasm export.
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


/**
 * The largest of row[0..n) (−∞ for n = 0). pmax is one instruction where max's NaN rules cost
 * several (a NaN is skipped here rather than returned; the softmax of its row is NaN either way).
 */
export function rowMax(row: usize, n: i32): f32 {
  const n4 = n & ~3;
  let mx = f32x4.splat(-Infinity);
  for (let j = 0; j < n4; j += 4) mx = f32x4.pmax(mx, v128.load(row + (<usize>j << 2)));
  let m = max(max(f32x4.extract_lane(mx, 0), f32x4.extract_lane(mx, 1)), max(f32x4.extract_lane(mx, 2), f32x4.extract_lane(mx, 3)));
  for (let j = n4; j < n; j++) m = max(m, load<f32>(row + (<usize>j << 2)));
  return m;
}

/** dst[0..t) = softmax(scale · row[0..n)) followed by zeros (all zeros for n = 0); dst may be row. */
export function softmaxRow(row: usize, n: i32, t: i32, scale: f32, dst: usize): void {
  const n4 = n & ~3;
  const m = rowMax(row, n);
  const sv = f32x4.splat(scale);
  const mv = f32x4.splat(m * scale);
  let total = f32x4.splat(0);
  for (let j = 0; j < n4; j += 4) {
    const e = exp4(f32x4.sub(f32x4.mul(v128.load(row + (<usize>j << 2)), sv), mv));
    v128.store(dst + (<usize>j << 2), e);
    total = f32x4.add(total, e);
  }
  let sum = hsum(total);
  if (n4 < n) {
    // The last 1–3 values as one vector (one e^x, not one per value), stored lane by lane.
    const p = row + (<usize>n4 << 2);
    let v = f32x4.splat(load<f32>(p));
    if (n - n4 > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
    if (n - n4 > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
    const e = exp4(f32x4.sub(f32x4.mul(v, sv), mv));
    const q = dst + (<usize>n4 << 2);
    store<f32>(q, f32x4.extract_lane(e, 0));
    sum += f32x4.extract_lane(e, 0);
    if (n - n4 > 1) {
      store<f32>(q, f32x4.extract_lane(e, 1), 4);
      sum += f32x4.extract_lane(e, 1);
    }
    if (n - n4 > 2) {
      store<f32>(q, f32x4.extract_lane(e, 2), 8);
      sum += f32x4.extract_lane(e, 2);
    }
  }
  const inv = f32x4.splat(1 / sum);
  for (let j = 0; j < n4; j += 4) v128.store(dst + (<usize>j << 2), f32x4.mul(v128.load(dst + (<usize>j << 2)), inv));
  for (let j = n4; j < n; j++) store<f32>(dst + (<usize>j << 2), load<f32>(dst + (<usize>j << 2)) / sum);
  if (n < t) memory.fill(dst + (<usize>n << 2), 0, <usize>(t - n) << 2);
}
