// WGSL for fused scaled dot-product attention, one thread per query row (forward, and the first
// backward pass: dS and dQ) or per key row (second backward pass: dK and dV). Rows of a small
// model are short, so a thread walking its row is simple and exact; a tiled, workgroup-per-block
// kernel (FlashAttention, Dao et al. 2022) is the faster design for long sequences on real GPUs.
// p = [batch, Tq, Tk, d, dv, scale bits, causal, has mask, rank, batch shape…, mask strides…].
import { INDEX } from './elementwise.ts';

const PARAMS = /* wgsl */ `
${INDEX}
fn tq() -> u32 { return p[1]; }
fn tk() -> u32 { return p[2]; }
fn dim() -> u32 { return p[3]; }
fn dimV() -> u32 { return p[4]; }`;

/** Mask offset of query row i of matrix n, and whether key j is visible to it. */
const VISIBLE = /* wgsl */ `
fn maskRow(n: u32, i: u32) -> u32 {
  let rank = p[8];
  var rest = n;
  var off = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let size = p[9u + u32(d)];
    off += (rest % size) * p[9u + rank + u32(d)];
    rest = rest / size;
  }
  return off + i * p[9u + 2u * rank];
}
fn visible(j: u32, i: u32, base: u32) -> bool {
  if (p[6] == 1u && i32(j) > i32(i) + i32(tk()) - i32(tq())) { return false; }
  return p[7] == 0u || mask[base + j * p[10u + 2u * p[8]]] == 0;
}`;

export const ATTENTION_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> k: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read> mask: array<i32>;
@group(0) @binding(4) var<storage, read_write> o: array<f32>;
@group(0) @binding(5) var<storage, read_write> probs: array<f32>;
@group(0) @binding(6) var<storage, read> p: array<u32>;
${PARAMS}
${VISIBLE}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = index(gid);
  if (r >= p[0] * tq()) { return; }
  let n = r / tq();
  let i = r % tq();
  let base = select(0u, maskRow(n, i), p[7] == 1u);
  let scale = bitcast<f32>(p[5]);
  let pr = r * tk();
  var m = -3.4e38;
  var seen = false;
  for (var j = 0u; j < tk(); j++) {
    if (!visible(j, i, base)) { continue; }
    var s = 0.0;
    for (var c = 0u; c < dim(); c++) { s += q[r * dim() + c] * k[(n * tk() + j) * dim() + c]; }
    probs[pr + j] = s * scale;
    m = max(m, s * scale);
    seen = true;
  }
  var total = 0.0;
  for (var j = 0u; j < tk(); j++) {
    var e = 0.0;
    if (seen && visible(j, i, base)) { e = exp(probs[pr + j] - m); }
    probs[pr + j] = e;
    total += e;
  }
  let inv = select(0.0, 1.0 / total, seen);
  for (var j = 0u; j < tk(); j++) { probs[pr + j] = probs[pr + j] * inv; }
  for (var c = 0u; c < dimV(); c++) {
    var acc = 0.0;
    for (var j = 0u; j < tk(); j++) { acc += probs[pr + j] * v[(n * tk() + j) * dimV() + c]; }
    o[r * dimV() + c] = acc;
  }
}`;

/** Per query row: dS = P ⊙ (dP − Σ P⊙dP) · scale into a (…, Tq, Tk) scratch, and dQ = dS·K. */
export const ATTENTION_DQ_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> k: array<f32>;
@group(0) @binding(1) var<storage, read> v: array<f32>;
@group(0) @binding(2) var<storage, read> probs: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<storage, read_write> ds: array<f32>;
@group(0) @binding(5) var<storage, read_write> dq: array<f32>;
@group(0) @binding(6) var<storage, read> p: array<u32>;
${PARAMS}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = index(gid);
  if (r >= p[0] * tq()) { return; }
  let n = r / tq();
  let pr = r * tk();
  var dot = 0.0;
  for (var j = 0u; j < tk(); j++) {
    var s = 0.0;
    for (var c = 0u; c < dimV(); c++) { s += g[r * dimV() + c] * v[(n * tk() + j) * dimV() + c]; }
    ds[pr + j] = s;
    dot += probs[pr + j] * s;
  }
  let scale = bitcast<f32>(p[5]);
  for (var j = 0u; j < tk(); j++) { ds[pr + j] = probs[pr + j] * (ds[pr + j] - dot) * scale; }
  for (var c = 0u; c < dim(); c++) {
    var acc = 0.0;
    for (var j = 0u; j < tk(); j++) { acc += ds[pr + j] * k[(n * tk() + j) * dim() + c]; }
    dq[r * dim() + c] = acc;
  }
}`;

/** Per key row j of matrix n: dK = dSᵀ·Q and dV = Pᵀ·gO. */
export const ATTENTION_DKV_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> probs: array<f32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read> ds: array<f32>;
@group(0) @binding(4) var<storage, read_write> dk: array<f32>;
@group(0) @binding(5) var<storage, read_write> dv: array<f32>;
@group(0) @binding(6) var<storage, read> p: array<u32>;
${PARAMS}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let kr = index(gid);
  if (kr >= p[0] * tk()) { return; }
  let n = kr / tk();
  let j = kr % tk();
  for (var c = 0u; c < dim(); c++) {
    var acc = 0.0;
    for (var i = 0u; i < tq(); i++) { acc += ds[(n * tq() + i) * tk() + j] * q[(n * tq() + i) * dim() + c]; }
    dk[kr * dim() + c] = acc;
  }
  for (var c = 0u; c < dimV(); c++) {
    var acc = 0.0;
    for (var i = 0u; i < tq(); i++) { acc += probs[(n * tq() + i) * tk() + j] * g[(n * tq() + i) * dimV() + c]; }
    dv[kr * dimV() + c] = acc;
  }
}`;
