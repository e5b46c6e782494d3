// Reductions and small fused ops for the wasm backend, four lanes at a time: the sum of an
// array (accumulated in float64, as the CPU reference does), scaling in place (gradient
// clipping), and cross-entropy over rows of logits — the loss sum and its gradient
// (softmax − one-hot)·scale — with each row's log-sum-exp from lib/exp. Not type-checked by tsc.
import { exp4, hsum } from './lib/exp';

/** Σ x[i] for i < n, in float64. */
export function sumAll(x: usize, n: i32): f64 {
  const n4 = n & ~3;
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  for (let i = 0; i < n4; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
  for (let i = n4; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  return s;
}

/** x[i] *= s for i < n. */
export function scaleInPlace(x: usize, n: i32, s: f32): void {
  const n4 = n & ~3;
  const sv = f32x4.splat(s);
  for (let i = 0; i < n4; i += 4) v128.store(x + (<usize>i << 2), f32x4.mul(v128.load(x + (<usize>i << 2)), sv));
  for (let i = n4; i < n; i++) store<f32>(x + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * s);
}

/** log Σ_j e^{row[j]} over `classes` values. */
function logSumExp(row: usize, classes: i32): f32 {
  const c4 = classes & ~3;
  let mx = f32x4.splat(-Infinity);
  for (let j = 0; j < c4; j += 4) mx = f32x4.max(mx, v128.load(row + (<usize>j << 2)));
  let m = max(max(f32x4.extract_lane(mx, 0), f32x4.extract_lane(mx, 1)), max(f32x4.extract_lane(mx, 2), f32x4.extract_lane(mx, 3)));
  for (let j = c4; j < classes; j++) m = max(m, load<f32>(row + (<usize>j << 2)));
  const mv = f32x4.splat(m);
  let total = f32x4.splat(0);
  for (let j = 0; j < c4; j += 4) total = f32x4.add(total, exp4(f32x4.sub(v128.load(row + (<usize>j << 2)), mv)));
  let s = hsum(total);
  for (let j = c4; j < classes; j++) s += f32x4.extract_lane(exp4(f32x4.splat(load<f32>(row + (<usize>j << 2)) - m)), 0);
  return m + Mathf.log(s);
}

/** Σ over the rows whose target is not `ignore` of (log-sum-exp − the target's logit), in float64. */
export function crossEntropyRows(logits: usize, targets: usize, rows: i32, classes: i32, ignore: i32): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const t = load<i32>(targets + (<usize>r << 2));
    if (t == ignore) continue;
    const row = logits + ((<usize>r * <usize>classes) << 2);
    total += <f64>(logSumExp(row, classes) - load<f32>(row + (<usize>t << 2)));
  }
  return total;
}

/** out = (softmax(logits) − one-hot(target))·scale per row; rows with the ignored target get 0. */
export function crossEntropyGradRows(logits: usize, targets: usize, out: usize, rows: i32, classes: i32, ignore: i32, scale: f32): void {
  const c4 = classes & ~3;
  const sv = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const off = (<usize>r * <usize>classes) << 2;
    const row = logits + off;
    const dst = out + off;
    const t = load<i32>(targets + (<usize>r << 2));
    if (t == ignore) {
      memory.fill(dst, 0, <usize>classes << 2);
      continue;
    }
    const lse = f32x4.splat(logSumExp(row, classes));
    for (let j = 0; j < c4; j += 4) v128.store(dst + (<usize>j << 2), f32x4.mul(exp4(f32x4.sub(v128.load(row + (<usize>j << 2)), lse)), sv));
    for (let j = c4; j < classes; j++) {
      const e = f32x4.extract_lane(exp4(f32x4.sub(f32x4.splat(load<f32>(row + (<usize>j << 2))), lse)), 0);
      store<f32>(dst + (<usize>j << 2), e * scale);
    }
    store<f32>(dst + (<usize>t << 2), load<f32>(dst + (<usize>t << 2)) - scale);
  }
}
