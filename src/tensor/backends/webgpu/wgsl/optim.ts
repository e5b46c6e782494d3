// WGSL for optimizer updates, in place: SGD with momentum, Adam/AdamW (bias corrections
// computed on the host per step), and rescaling by a global norm read from a buffer.

const HEAD = /* wgsl */ `
fn index(gid: vec3u) -> u32 { return gid.x + gid.y * 4194240u; }
fn f(i: u32) -> f32 { return bitcast<f32>(p[i]); }`;

/** p = [n, lr, momentum, weightDecay] */
export const SGD_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> vel: array<f32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let gi = g[i] + f(3u) * w[i];
  vel[i] = f(2u) * vel[i] + gi;
  w[i] = w[i] - f(1u) * vel[i];
}`;

/** p = [n, lr, beta1, beta2, eps, weightDecay, decoupled, 1 − beta1^t, 1 − beta2^t] */
export const ADAM_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let decoupled = p[6] == 1u;
  let gi = select(g[i] + f(5u) * w[i], g[i], decoupled);
  m[i] = f(2u) * m[i] + (1.0 - f(2u)) * gi;
  v[i] = f(3u) * v[i] + (1.0 - f(3u)) * gi * gi;
  let update = m[i] / f(7u) / (sqrt(v[i] / f(8u)) + f(4u));
  w[i] = w[i] - f(1u) * (update + select(0.0, f(5u) * w[i], decoupled));
}`;

/** p = [n, maxNorm] */
export const CLIP_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> g: array<f32>;
@group(0) @binding(1) var<storage, read> norm: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${HEAD}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  g[i] = g[i] * min(1.0, f(1u) / (norm[0] + 1e-6));
}`;
