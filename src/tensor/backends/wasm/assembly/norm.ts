// Layer norm forward and backward for the wasm backend, one row of `cols` at a time, four
// lanes at a time (columns past the last multiple of 4 one at a time). Same math as the CPU
// reference: y = (x − μ)·rstd·γ + β; dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), ĝ = gy·γ.
import { hsum } from './lib/exp';

export function layerNormForward(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize, rows: i32, cols: i32, eps: f32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = x + ((<usize>r * <usize>cols) << 2);
    const out = y + ((<usize>r * <usize>cols) << 2);
    let s = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) s = f32x4.add(s, v128.load(row + (<usize>c << 2)));
    let sum = hsum(s);
    for (let c = c4; c < cols; c++) sum += load<f32>(row + (<usize>c << 2));
    const mu = sum / <f32>cols;
    const mv = f32x4.splat(mu);
    let q = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) {
      const dlt = f32x4.sub(v128.load(row + (<usize>c << 2)), mv);
      q = f32x4.add(q, f32x4.mul(dlt, dlt));
    }
    let sq = hsum(q);
    for (let c = c4; c < cols; c++) {
      const dlt = load<f32>(row + (<usize>c << 2)) - mu;
      sq += dlt * dlt;
    }
    const inv: f32 = 1 / Mathf.sqrt(sq / <f32>cols + eps);
    store<f32>(mean + (<usize>r << 2), mu);
    store<f32>(rstd + (<usize>r << 2), inv);
    const iv = f32x4.splat(inv);
    for (let c = 0; c < c4; c += 4) {
      const o = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(row + o), mv), iv);
      v128.store(out + o, f32x4.add(f32x4.mul(xh, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (let c = c4; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(out + o, (load<f32>(row + o) - mu) * inv * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}

/** dgamma and dbeta are accumulated over the rows (zeroed here first). */
export function layerNormBackward(x: usize, gamma: usize, mean: usize, rstd: usize, gy: usize, dx: usize, dgamma: usize, dbeta: usize, rows: i32, cols: i32): void {
  const c4 = cols & ~3;
  memory.fill(dgamma, 0, <usize>cols << 2);
  memory.fill(dbeta, 0, <usize>cols << 2);
  const n: f32 = <f32>cols;
  for (let r = 0; r < rows; r++) {
    const off = (<usize>r * <usize>cols) << 2;
    const xr = x + off;
    const gr = gy + off;
    const dr = dx + off;
    const mu = load<f32>(mean + (<usize>r << 2));
    const rs = load<f32>(rstd + (<usize>r << 2));
    const mv = f32x4.splat(mu);
    const rv = f32x4.splat(rs);
    let sg = f32x4.splat(0);
    let sgx = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) {
      const o = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + o), mv), rv);
      const up = v128.load(gr + o);
      const gh = f32x4.mul(up, v128.load(gamma + o));
      sg = f32x4.add(sg, gh);
      sgx = f32x4.add(sgx, f32x4.mul(gh, xh));
      v128.store(dgamma + o, f32x4.add(v128.load(dgamma + o), f32x4.mul(up, xh)));
      v128.store(dbeta + o, f32x4.add(v128.load(dbeta + o), up));
    }
    let sumG = hsum(sg);
    let sumGX = hsum(sgx);
    for (let c = c4; c < cols; c++) {
      const o = <usize>c << 2;
      const xh = (load<f32>(xr + o) - mu) * rs;
      const up = load<f32>(gr + o);
      const gh = up * load<f32>(gamma + o);
      sumG += gh;
      sumGX += gh * xh;
      store<f32>(dgamma + o, load<f32>(dgamma + o) + up * xh);
      store<f32>(dbeta + o, load<f32>(dbeta + o) + up);
    }
    const a = f32x4.splat(sumG / n);
    const b = f32x4.splat(sumGX / n);
    for (let c = 0; c < c4; c += 4) {
      const o = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + o), mv), rv);
      const gh = f32x4.mul(v128.load(gr + o), v128.load(gamma + o));
      v128.store(dr + o, f32x4.mul(rv, f32x4.sub(f32x4.sub(gh, a), f32x4.mul(xh, b))));
    }
    for (let c = c4; c < cols; c++) {
      const o = <usize>c << 2;
      const xh = (load<f32>(xr + o) - mu) * rs;
      store<f32>(dr + o, rs * (load<f32>(gr + o) * load<f32>(gamma + o) - sumG / n - (xh * sumGX) / n));
    }
  }
}
