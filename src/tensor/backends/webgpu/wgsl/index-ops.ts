// WGSL for kernels that move elements by index: gather rows, scatter-add (one thread per table
// element, summing the rows that hit it — no atomics needed), box copies for slice / unslice /
// concat and permute (general strides), masked fill, erf and the max-over-axes pair.

const HEAD = /* wgsl */ `
fn index(gid: vec3u) -> u32 { return gid.x + gid.y * 4194240u; }`;

/** p = [n, rows, cols] */
export const GATHER_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> table: array<u32>;
@group(0) @binding(1) var<storage, read> ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> y: array<u32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let cols = p[2];
  let id = u32(clamp(ids[i / cols], 0, i32(p[1]) - 1));
  y[i] = table[id * cols + i % cols];
}`;

/** p = [rows·cols, count of ids, cols] */
export const SCATTER_ADD_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> g: array<f32>;
@group(0) @binding(1) var<storage, read> ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let cols = p[2];
  let row = i32(i / cols);
  var acc = 0.0;
  for (var k = 0u; k < p[1]; k++) { if (ids[k] == row) { acc += g[k * cols + i % cols]; } }
  y[i] = acc;
}`;

/**
 * Strided copy: output element i, decomposed over `shape`, reads source offset base + Σ coord·stride.
 * p = [n, rank, base, shape…, source strides…]; serves slice, permute and (with dst strides) unslice/concat.
 */
export const GATHER_STRIDED_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> y: array<u32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let rank = p[1];
  var rest = i;
  var off = p[2];
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let size = p[3u + u32(d)];
    off += (rest % size) * p[3u + rank + u32(d)];
    rest = rest / size;
  }
  y[i] = x[off];
}`;

/** The inverse: source element i (box of `shape`) goes to destination base + Σ coord·stride. */
export const SCATTER_STRIDED_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> y: array<u32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let rank = p[1];
  var rest = i;
  var off = p[2];
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let size = p[3u + u32(d)];
    off += (rest % size) * p[3u + rank + u32(d)];
    rest = rest / size;
  }
  y[off] = x[i];
}`;

/** Zero-fills y; p = [n]. */
export const ZERO_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> y: array<u32>;
@group(0) @binding(1) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i < p[0]) { y[i] = 0u; }
}`;

/** p = [n, rank, value bits, shape…, mask strides…] */
export const MASKED_FILL_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> mask: array<i32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let rank = p[1];
  var rest = i;
  var off = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let size = p[3u + u32(d)];
    off += (rest % size) * p[3u + rank + u32(d)];
    rest = rest / size;
  }
  y[i] = select(x[i], bitcast<f32>(p[2]), mask[off] != 0);
}`;

/** erf to float32 accuracy: Maclaurin series near 0, the erfc continued fraction beyond. */
export const ERF_FN = /* wgsl */ `
fn erf1(v: f32) -> f32 {
  let a = abs(v);
  if (a < 2.5) {
    var term = v;
    var s = v;
    for (var n = 1; n < 40; n++) {
      term *= -v * v / f32(n);
      s += term / f32(2 * n + 1);
    }
    return 1.1283791671 * s;
  }
  var f = a;
  var c = a;
  var d = 0.0;
  for (var n = 1; n < 40; n++) {
    let an = f32(n) * 0.5;
    d = 1.0 / (a + an * d);
    c = a + an / c;
    f *= c * d;
  }
  let erfc = exp(-a * a) / 1.7724538509 / f;
  return select(erfc - 1.0, 1.0 - erfc, v > 0.0);
}`;

/** p = [n]. */
export const ERF_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${HEAD}
${ERF_FN}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i < p[0]) { y[i] = erf1(x[i]); }
}`;

/**
 * Max over axes, one thread per output element walking the reduced positions (as the sum
 * kernel does); writes the maximum, or with p[3] = 1 a 0/1 mask at the first maximum.
 * p = [outputs, rank, reducedCount, mask, shape…, strides…, reduced flags…]
 */
export const MAX_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let o = index(gid);
  if (o >= p[0]) { return; }
  let rank = p[1];
  var rest = o;
  var base = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    if (p[4u + 2u * rank + u32(d)] == 0u) {
      let size = p[4u + u32(d)];
      base += (rest % size) * p[4u + rank + u32(d)];
      rest = rest / size;
    }
  }
  var best = -3.4e38;
  var at = base;
  var first = true;
  for (var r = 0u; r < p[2]; r++) {
    var rr = r;
    var off = base;
    for (var d = i32(rank) - 1; d >= 0; d--) {
      if (p[4u + 2u * rank + u32(d)] == 1u) {
        let size = p[4u + u32(d)];
        off += (rr % size) * p[4u + rank + u32(d)];
        rr = rr / size;
      }
    }
    // Reduced positions are walked in row-major order, so the first maximum wins as on CPU.
    if (first || x[off] > best) { best = x[off]; at = off; first = false; }
  }
  if (p[3] == 1u) { y[at] = 1.0; } else { y[o] = best; }
}`;
