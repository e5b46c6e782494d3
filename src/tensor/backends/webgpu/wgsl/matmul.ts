// WGSL for batched matrix multiplication with 16×16 tiles in workgroup memory: each workgroup
// computes a 16×16 block of C, loading matching tiles of A and B in turn (bounds-checked, so any
// M, K, N works). p = [M, K, N, transposeA, transposeB, bBatched]; batch index in z.

export const TILE = 16;

export const MATMUL_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<storage, read> p: array<u32>;
var<workgroup> ta: array<array<f32, 16>, 16>;
var<workgroup> tb: array<array<f32, 16>, 16>;

@compute @workgroup_size(16, 16) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let M = p[0]; let K = p[1]; let N = p[2];
  let tA = p[3] == 1u; let tB = p[4] == 1u;
  let batch = wg.z;
  let aBase = batch * M * K;
  let bBase = select(0u, batch * K * N, p[5] == 1u);
  let row = wg.y * 16u + lid.y;
  let col = wg.x * 16u + lid.x;
  var acc = 0.0;
  let tiles = (K + 15u) / 16u;
  for (var t = 0u; t < tiles; t++) {
    let ka = t * 16u + lid.x;
    var av = 0.0;
    if (row < M && ka < K) { av = A[aBase + select(row * K + ka, ka * M + row, tA)]; }
    ta[lid.y][lid.x] = av;
    let kb = t * 16u + lid.y;
    var bv = 0.0;
    if (kb < K && col < N) { bv = B[bBase + select(kb * N + col, col * K + kb, tB)]; }
    tb[lid.y][lid.x] = bv;
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) { acc += ta[lid.y][k] * tb[k][lid.x]; }
    workgroupBarrier();
  }
  if (row < M && col < N) { C[batch * M * N + row * N + col] = acc; }
}`;
