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
