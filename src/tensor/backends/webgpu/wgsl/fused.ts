// WGSL for the small fused kernels: GELU forward and backward (exact and tanh forms), where
// (a three-way broadcasting select, bit for bit so it serves float32 and int32), and the dropout
// mask from the lowbias32 hash (ops/dropout.ts gives the rule; the CPU kernel the same bits).
import { INDEX, OFFSETS } from './elementwise.ts';
import { ERF_FN } from './index-ops.ts';

const GELU_FNS = /* wgsl */ `
${ERF_FN}
const C = 0.7978845608; // √(2/π)
fn geluTanh(v: f32) -> f32 { return tanh(clamp(C * (v + 0.044715 * v * v * v), -15.0, 15.0)); }
fn gelu(v: f32, exact: bool) -> f32 {
  if (exact) { return 0.5 * v * (1.0 + erf1(v * 0.7071067812)); }
  return 0.5 * v * (1.0 + geluTanh(v));
}
fn geluSlope(v: f32, exact: bool) -> f32 {
  if (exact) { return 0.5 * (1.0 + erf1(v * 0.7071067812)) + v * exp(-0.5 * v * v) * 0.3989422804; }
  let t = geluTanh(v);
  return 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * C * (1.0 + 0.134145 * v * v);
}`;

/** p = [n, exact]. */
export const GELU_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${INDEX}
${GELU_FNS}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i < p[0]) { y[i] = gelu(x[i], p[1] == 1u); }
}`;

/** dx = g · GELU'(x); p = [n, exact]. */
export const GELU_BACKWARD_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
${INDEX}
${GELU_FNS}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i < p[0]) { y[i] = g[i] * geluSlope(x[i], p[1] == 1u); }
}`;

/** p = [n, rank, out shape…, strides of cond, a, b…]. */
export const WHERE_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> cond: array<i32>;
@group(0) @binding(1) var<storage, read> a: array<u32>;
@group(0) @binding(2) var<storage, read> b: array<u32>;
@group(0) @binding(3) var<storage, read_write> y: array<u32>;
@group(0) @binding(4) var<storage, read> p: array<u32>;
${INDEX}
${OFFSETS}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  y[i] = select(b[offset(i, 2u)], a[offset(i, 1u)], cond[offset(i, 0u)] != 0);
}`;

/** p = [n, seed, threshold, scale bits]: 0 where lowbias32(i·0x9E3779B9 + seed) < threshold. */
export const DROPOUT_MASK_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> p: array<u32>;
${INDEX}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  var h = i * 0x9E3779B9u + p[1];
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  y[i] = select(bitcast<f32>(p[3]), 0.0, h < p[2]);
}`;
