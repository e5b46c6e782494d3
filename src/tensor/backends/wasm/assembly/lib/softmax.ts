// A row's maximum and its softmax, four lanes at a time, shared by the attention kernels and
// cross-entropy (imported, not an entry of the build).
import { exp4, hsum } from './exp';

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
