// Reductions and small fused ops for the wasm backend, four lanes at a time: the sum and the sum
// of squares of an array (accumulated in float64, as the CPU reference does), scaling in place
// (gradient clipping), and cross-entropy over rows of logits — each row's max, Σ e^{x−max} and
// target logit for the loss, and the gradient (softmax − one-hot)·scale. No data segments (see
// scripts/build-wasm.mjs). Not type-checked by tsc.
import { exp4, hsum } from './lib/exp';
import { rowMax } from './lib/softmax';

/** Σ x[i] (or, with squares, Σ x[i]²) for i < n, in float64. */
export function sumAll(x: usize, n: i32, squares: bool): f64 {
  const n4 = n & ~3;
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  for (let i = 0; i < n4; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const a = f64x2.promote_low_f32x4(v);
    const b = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    lo = f64x2.add(lo, squares ? f64x2.mul(a, a) : a);
    hi = f64x2.add(hi, squares ? f64x2.mul(b, b) : b);
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
  for (let i = n4; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    s += squares ? v * v : v;
  }
  return s;
}

/** x[i] *= s for i < n. */
export function scaleInPlace(x: usize, n: i32, s: f32): void {
  const n4 = n & ~3;
  const sv = f32x4.splat(s);
  for (let i = 0; i < n4; i += 4) v128.store(x + (<usize>i << 2), f32x4.mul(v128.load(x + (<usize>i << 2)), sv));
  for (let i = n4; i < n; i++) store<f32>(x + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * s);
}

/**
 * The row's maximum m and Σ_j e^{row[j] − m} (stored at stats, two floats); the logarithm is
 * left to the caller, since the math library's log would bring data into the module's memory.
 */
function expStats(row: usize, classes: i32, stats: usize): void {
  const c4 = classes & ~3;
  const m = rowMax(row, classes);
  const mv = f32x4.splat(m);
  let total = f32x4.splat(0);
  for (let j = 0; j < c4; j += 4) total = f32x4.add(total, exp4(f32x4.sub(v128.load(row + (<usize>j << 2)), mv)));
  let s = hsum(total);
  for (let j = c4; j < classes; j++) s += f32x4.extract_lane(exp4(f32x4.splat(load<f32>(row + (<usize>j << 2)) - m)), 0);
  store<f32>(stats, m);
  store<f32>(stats, s, 4);
}

/**
 * Per row r (rows whose target is `ignore` skipped): stats[3r..3r+3) = the row's maximum m,
 * Σ_j e^{x_j − m} and the target's logit; the loss of the row is m + log(sum) − logit.
 */
export function crossEntropyRows(logits: usize, targets: usize, rows: i32, classes: i32, ignore: i32, stats: usize): void {
  for (let r = 0; r < rows; r++) {
    const t = load<i32>(targets + (<usize>r << 2));
    if (t == ignore) continue;
    const row = logits + ((<usize>r * <usize>classes) << 2);
    const at = stats + ((<usize>r * 3) << 2);
    expStats(row, classes, at);
    store<f32>(at, load<f32>(row + (<usize>t << 2)), 8);
  }
}

/** out = (softmax(logits) − one-hot(target))·scale per row; rows with the ignored target get 0. */
export function crossEntropyGradRows(logits: usize, targets: usize, out: usize, rows: i32, classes: i32, ignore: i32, scale: f32, stats: usize): void {
  const c4 = classes & ~3;
  for (let r = 0; r < rows; r++) {
    const off = (<usize>r * <usize>classes) << 2;
    const row = logits + off;
    const dst = out + off;
    const t = load<i32>(targets + (<usize>r << 2));
    if (t == ignore) {
      memory.fill(dst, 0, <usize>classes << 2);
      continue;
    }
    expStats(row, classes, stats);
    const mv = f32x4.splat(load<f32>(stats));
    const k: f32 = scale / load<f32>(stats, 4);
    const kv = f32x4.splat(k);
    for (let j = 0; j < c4; j += 4) v128.store(dst + (<usize>j << 2), f32x4.mul(exp4(f32x4.sub(v128.load(row + (<usize>j << 2)), mv)), kv));
    for (let j = c4; j < classes; j++) {
      const e = f32x4.extract_lane(exp4(f32x4.sub(f32x4.splat(load<f32>(row + (<usize>j << 2))), mv)), 0);
      store<f32>(dst + (<usize>j << 2), e * k);
    }
    store<f32>(dst + (<usize>t << 2), load<f32>(dst + (<usize>t << 2)) - scale);
  }
}
