// WGSL for row-wise kernels, one thread per row: softmax / log-softmax (causal option),
// cross-entropy and its gradient, layer norm forward and backward. Rows are short (vocabulary
// or channels), so a thread walking its row is simple and exact; a workgroup-per-row reduction
// is the faster design for real GPUs later.

const HEAD = /* wgsl */ `
fn index(gid: vec3u) -> u32 { return gid.x + gid.y * 4194240u; }`;

/** p = [rows, cols, log, causal] */
export const SOFTMAX_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = index(gid);
  let cols = p[1];
  if (r >= p[0]) { return; }
  let off = r * cols;
  let n = select(cols, (r % cols) + 1u, p[3] == 1u);
  var m = -3.4e38;
  for (var j = 0u; j < n; j++) { m = max(m, x[off + j]); }
  var s = 0.0;
  for (var j = 0u; j < n; j++) { s += exp(x[off + j] - m); }
  let lse = m + log(s);
  for (var j = 0u; j < cols; j++) {
    if (j < n) {
      let v = x[off + j] - lse;
      y[off + j] = select(exp(v), v, p[2] == 1u);
    } else {
      y[off + j] = select(0.0, -3.4e38, p[2] == 1u);
    }
  }
}`;

/** Per-row loss (0 for ignored rows) and a count; p = [rows, classes, ignore (as i32 bits)]. */
export const CROSS_ENTROPY_ROWS_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> t: array<i32>;
@group(0) @binding(2) var<storage, read_write> loss: array<f32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = index(gid);
  if (r >= p[0]) { return; }
  let cols = p[1];
  let tg = t[r];
  if (tg == bitcast<i32>(p[2]) || tg < 0 || u32(tg) >= cols) { loss[r] = 0.0; return; }
  let off = r * cols;
  var m = -3.4e38;
  for (var j = 0u; j < cols; j++) { m = max(m, x[off + j]); }
  var s = 0.0;
  for (var j = 0u; j < cols; j++) { s += exp(x[off + j] - m); }
  loss[r] = m + log(s) - x[off + u32(tg)];
}`;

/** Mean of the per-row losses over rows that are not ignored; one thread. p = [rows, ignore]. */
export const CROSS_ENTROPY_MEAN_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> loss: array<f32>;
@group(0) @binding(1) var<storage, read> t: array<i32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
@compute @workgroup_size(1) fn main() {
  var s = 0.0;
  var n = 0.0;
  for (var r = 0u; r < p[0]; r++) {
    if (t[r] != bitcast<i32>(p[1])) { s += loss[r]; n += 1.0; }
  }
  y[0] = select(0.0, s / n, n > 0.0);
}`;

/** (softmax − one-hot) · g / count; p = [rows, classes, ignore]. */
export const CROSS_ENTROPY_GRAD_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> t: array<i32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
@group(0) @binding(4) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = index(gid);
  if (r >= p[0]) { return; }
  let cols = p[1];
  let ignore = bitcast<i32>(p[2]);
  var count = 0.0;
  for (var i = 0u; i < p[0]; i++) { if (t[i] != ignore) { count += 1.0; } }
  let off = r * cols;
  if (t[r] == ignore || count == 0.0) {
    for (var j = 0u; j < cols; j++) { dx[off + j] = 0.0; }
    return;
  }
  let scale = g[0] / count;
  var m = -3.4e38;
  for (var j = 0u; j < cols; j++) { m = max(m, x[off + j]); }
  var s = 0.0;
  for (var j = 0u; j < cols; j++) { s += exp(x[off + j] - m); }
  for (var j = 0u; j < cols; j++) {
    let one = select(0.0, 1.0, i32(j) == t[r]);
    dx[off + j] = (exp(x[off + j] - m) / s - one) * scale;
  }
}`;

/** y, and mean and 1/σ per row; p = [rows, cols, eps bits]. */
export const LAYER_NORM_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> mean: array<f32>;
@group(0) @binding(5) var<storage, read_write> rstd: array<f32>;
@group(0) @binding(6) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = index(gid);
  if (r >= p[0]) { return; }
  let cols = p[1];
  let off = r * cols;
  var m = 0.0;
  for (var c = 0u; c < cols; c++) { m += x[off + c]; }
  m = m / f32(cols);
  var v = 0.0;
  for (var c = 0u; c < cols; c++) { let d = x[off + c] - m; v += d * d; }
  let inv = 1.0 / sqrt(v / f32(cols) + bitcast<f32>(p[2]));
  mean[r] = m;
  rstd[r] = inv;
  for (var c = 0u; c < cols; c++) { y[off + c] = (x[off + c] - m) * inv * gamma[c] + beta[c]; }
}`;

/** dx per row; p = [rows, cols]. */
export const LAYER_NORM_DX_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read> rstd: array<f32>;
@group(0) @binding(4) var<storage, read> gy: array<f32>;
@group(0) @binding(5) var<storage, read_write> dx: array<f32>;
@group(0) @binding(6) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = index(gid);
  if (r >= p[0]) { return; }
  let cols = p[1];
  let off = r * cols;
  let m = mean[r];
  let inv = rstd[r];
  var sg = 0.0;
  var sgx = 0.0;
  for (var c = 0u; c < cols; c++) {
    let gh = gy[off + c] * gamma[c];
    sg += gh;
    sgx += gh * (x[off + c] - m) * inv;
  }
  for (var c = 0u; c < cols; c++) {
    let xh = (x[off + c] - m) * inv;
    dx[off + c] = inv * (gy[off + c] * gamma[c] - sg / f32(cols) - xh * sgx / f32(cols));
  }
}`;

/** dγ and dβ, one thread per column; p = [rows, cols]. */
export const LAYER_NORM_DPARAMS_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> mean: array<f32>;
@group(0) @binding(2) var<storage, read> rstd: array<f32>;
@group(0) @binding(3) var<storage, read> gy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(5) var<storage, read_write> dbeta: array<f32>;
@group(0) @binding(6) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = index(gid);
  let cols = p[1];
  if (c >= cols) { return; }
  var dg = 0.0;
  var db = 0.0;
  for (var r = 0u; r < p[0]; r++) {
    let g = gy[r * cols + c];
    dg += g * (x[r * cols + c] - mean[r]) * rstd[r];
    db += g;
  }
  dgamma[c] = dg;
  dbeta[c] = db;
}`;
