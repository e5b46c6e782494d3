// WGSL for sum over axes: one thread per output element walks the reduced positions.
// p = [outputs, rank, reducedCount, shape…, strides…, reduced flags…].

export const SUM_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> p: array<u32>;
fn index(gid: vec3u) -> u32 { return gid.x + gid.y * 4194240u; }
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let o = index(gid);
  if (o >= p[0]) { return; }
  let rank = p[1];
  // Offset of the first input element of this output: its kept coordinates.
  var rest = o;
  var base = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    if (p[3u + 2u * rank + u32(d)] == 0u) {
      let size = p[3u + u32(d)];
      base += (rest % size) * p[3u + rank + u32(d)];
      rest = rest / size;
    }
  }
  var acc = 0.0;
  for (var r = 0u; r < p[2]; r++) {
    var rr = r;
    var off = base;
    for (var d = i32(rank) - 1; d >= 0; d--) {
      if (p[3u + 2u * rank + u32(d)] == 1u) {
        let size = p[3u + u32(d)];
        off += (rr % size) * p[3u + rank + u32(d)];
        rr = rr / size;
      }
    }
    acc += x[off];
  }
  y[o] = acc;
}`;
