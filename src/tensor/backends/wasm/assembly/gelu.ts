// GELU with GPT-2's tanh approximation and exact GELU (BERT's) (lib/gelu.ts), forward and
// backward over arrays, four lanes at a time; lengths that are not a multiple of 4 finish with the
// same math one lane at a time.
import { gelu4, geluErf4, geluErfSlope4, geluSlope4 } from './lib/gelu';

/** out[i] = GELU(x[i]) for i < n. */
export function geluTanh(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, gelu4(v128.load(x + p)));
  }
  for (let i = n4; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, f32x4.extract_lane(gelu4(f32x4.splat(load<f32>(x + p))), 0));
  }
}

/** out[i] = g[i] · GELU'(x[i]) for i < n. */
export function geluTanhBackward(x: usize, g: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, f32x4.mul(v128.load(g + p), geluSlope4(v128.load(x + p))));
  }
  for (let i = n4; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, load<f32>(g + p) * f32x4.extract_lane(geluSlope4(f32x4.splat(load<f32>(x + p))), 0));
  }
}

/** out[i] = x[i]·Φ(x[i]) (exact GELU) for i < n. */
export function geluErf(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, geluErf4(v128.load(x + p)));
  }
  for (let i = n4; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, f32x4.extract_lane(geluErf4(f32x4.splat(load<f32>(x + p))), 0));
  }
}

/** out[i] = g[i] · GELU'(x[i]) (exact GELU) for i < n. */
export function geluErfBackward(x: usize, g: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, f32x4.mul(v128.load(g + p), geluErfSlope4(v128.load(x + p))));
  }
  for (let i = n4; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, load<f32>(g + p) * f32x4.extract_lane(geluErfSlope4(f32x4.splat(load<f32>(x + p))), 0));
  }
}
