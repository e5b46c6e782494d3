// WGSL for elementwise kernels: unary functions, scalar ops, and broadcasting binary ops /
// expand, which map each output index to input offsets through per-axis strides.
// Parameters come in a read-only u32 array `p`; floats travel as their bits.

export const INDEX = /* wgsl */ `
fn index(gid: vec3u) -> u32 { return gid.x + gid.y * 4194240u; }`;

const UNARY: Record<string, string> = {
  neg: '-v',
  exp: 'exp(v)',
  log: 'log(v)',
  tanh: 'tanh(clamp(v, -15.0, 15.0))',
  relu: 'max(v, 0.0)',
  step: 'select(0.0, 1.0, v > 0.0)',
};

export function unaryShader(kind: string): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${INDEX}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let v = x[i];
  y[i] = ${UNARY[kind]};
}`;
}

const SCALAR: Record<string, string> = {
  add: 'v + s',
  mul: 'v * s',
  // pow of a negative base is defined here for integer exponents, as in JavaScript.
  pow: 'select(pow(abs(v), s) * select(1.0, -1.0, v < 0.0 && (abs(s) % 2.0) == 1.0), pow(v, s), v >= 0.0 || fract(s) != 0.0)',
};

export function scalarShader(kind: string): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${INDEX}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let v = x[i];
  let s = bitcast<f32>(p[1]);
  y[i] = ${SCALAR[kind]};
}`;
}

/** p = [n, rank, out shape…, strides of each input…]; offsets of input k for output index i. */
export const OFFSETS = /* wgsl */ `
fn offset(i: u32, k: u32) -> u32 {
  let rank = p[1];
  var rest = i;
  var off = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let size = p[2u + u32(d)];
    let coord = rest % size;
    rest = rest / size;
    off += coord * p[2u + rank * (1u + k) + u32(d)];
  }
  return off;
}`;

const BINARY: Record<string, string> = { add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b' };

export function binaryShader(kind: string, type: 'f32' | 'i32'): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<${type}>;
@group(0) @binding(1) var<storage, read> z: array<${type}>;
@group(0) @binding(2) var<storage, read_write> y: array<${type}>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
${INDEX}
${OFFSETS}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  let a = x[offset(i, 0u)];
  let b = z[offset(i, 1u)];
  y[i] = ${BINARY[kind]};
}`;
}

/** Broadcast copy, bit for bit, so it serves float32 and int32 alike. */
export const EXPAND_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> y: array<u32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
${INDEX}
${OFFSETS}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = index(gid);
  if (i >= p[0]) { return; }
  y[i] = x[offset(i, 0u)];
}`;
