// word2vec's training loop with negative sampling in WebAssembly SIMD — the same algorithm as
// src/models/word2vec/train.ts (subsampling, shrinking window, skip-gram or CBOW, σ from a
// table, noise words from count^0.75 by an alias table (Walker 1977: one draw, one lookup),
// linear learning-rate decay from a word counter shared by every thread), with dot products and
// updates four lanes at a time. All arrays live in this module's memory at offsets the
// TypeScript side lays out (src/models/word2vec/wasm-layout.ts).

// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, d: i32): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  const d8 = d & ~7;
  for (let k = 0; k < d8; k += 8) {
    const p = <usize>k << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + p), v128.load(b + p)));
    acc1 = f32x4.add(acc1, f32x4.mul(v128.load(a + p, 16), v128.load(b + p, 16)));
  }
  let k = d8;
  if (k + 4 <= d) {
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + (<usize>k << 2)), v128.load(b + (<usize>k << 2))));
    k += 4;
  }
  const acc = f32x4.add(acc0, acc1);
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; k < d; k++) s += load<f32>(a + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
  return s;
}

/** y += g · x */
// @ts-ignore: decorator
@inline function axpy(y: usize, x: usize, g: f32, d: i32): void {
  const gv = f32x4.splat(g);
  const d4 = d & ~3;
  for (let k = 0; k < d4; k += 4) {
    const p = <usize>k << 2;
    v128.store(y + p, f32x4.add(v128.load(y + p), f32x4.mul(gv, v128.load(x + p))));
  }
  for (let k = d4; k < d; k++) store<f32>(y + (<usize>k << 2), load<f32>(y + (<usize>k << 2)) + g * load<f32>(x + (<usize>k << 2)));
}

let rng: u32 = 1;

// @ts-ignore: decorator
@inline function nextRandom(): f64 {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return <f64>rng / 4294967296.0;
}

const MAX_EXP: f32 = 6;
const TABLE: i32 = 1000;

/** Layout of the table block: σ (TABLE + 1 f32), then −log σ (TABLE + 1 f32). */
let sigmoid: usize = 0;
let loss: f64 = 0;
let predictions: f64 = 0;

// @ts-ignore: decorator
@inline function update(h: usize, e: usize, out: usize, label: f32, alpha: f32, d: i32): void {
  const f = dot(h, out, d);
  let g: f32;
  if (f > MAX_EXP) g = (label - 1) * alpha;
  else if (f < -MAX_EXP) g = label * alpha;
  else g = (label - load<f32>(sigmoid + (<usize>(<i32>((f + MAX_EXP) * (<f32>TABLE / (2 * MAX_EXP)) + 0.5)) << 2))) * alpha;
  const x = label > 0.5 ? f : -f;
  if (x < MAX_EXP) loss += x <= -MAX_EXP ? <f64>-x : <f64>load<f32>(sigmoid + (<usize>(TABLE + 1) << 2) + (<usize>(<i32>((x + MAX_EXP) * (<f32>TABLE / (2 * MAX_EXP)) + 0.5)) << 2));
  // e += g · out and out += g · h in one pass: out is read once, e sees its old value.
  const gv = f32x4.splat(g);
  const d4 = d & ~3;
  for (let k = 0; k < d4; k += 4) {
    const p = <usize>k << 2;
    const o = v128.load(out + p);
    v128.store(e + p, f32x4.add(v128.load(e + p), f32x4.mul(gv, o)));
    v128.store(out + p, f32x4.add(o, f32x4.mul(gv, v128.load(h + p))));
  }
  for (let k = d4; k < d; k++) {
    const p = <usize>k << 2;
    const o = load<f32>(out + p);
    store<f32>(e + p, load<f32>(e + p) + g * o);
    store<f32>(out + p, o + g * load<f32>(h + p));
  }
}

/** A noise word: column i = ⌊u·V⌋ of the alias table (f32 keep probability, i32 alias per word) keeps i or takes its alias. */
// @ts-ignore: decorator
@inline function drawNoise(alias: usize, V: i32, u: f64): i32 {
  const x = u * <f64>V;
  const i = <i32>x;
  const at = alias + (<usize>i << 3);
  return <f64>load<f32>(at) > x - <f64>i ? i : load<i32>(at, 4);
}

/** Sets the thread's generator and the σ tables' address; clears the loss sums. */
export function w2vBegin(seed: u32, tables: usize): void {
  rng = seed == 0 ? 1 : seed;
  sigmoid = tables;
  loss = 0;
  predictions = 0;
}

export function w2vLoss(): f64 {
  return loss;
}

export function w2vPredictions(): f64 {
  return predictions;
}

/**
 * Trains sentences [from, to). syn0/syn1 (V×d f32), keep (V f32), noise (V × [f32 p, i32 alias]),
 * ids/starts (i32), scratch: sentence (i32, longest sentence), neu1 and neu1e (d f32 each).
 * counter: an i32 of words read by every thread (atomic). Returns the words kept after subsampling.
 */
export function w2vTrain(
  syn0: usize, syn1: usize, keep: usize, noise: usize, V: i32, d: i32, ids: usize, starts: usize, from: i32, to: i32,
  sentence: usize, neu1: usize, neu1e: usize, sg: i32, cbowMean: i32, window: i32, negative: i32,
  alpha0: f64, minAlpha: f64, totalWords: f64, counter: usize,
): i32 {
  const row = <usize>d << 2;
  let kept = 0;
  // The rate where the run is now (every thread's words so far), not the starting one.
  let alpha = <f32>Math.max(minAlpha, alpha0 - ((alpha0 - minAlpha) * <f64>atomic.load<i32>(counter)) / totalWords);
  let pending = 0;
  for (let s = from; s < to; s++) {
    const s0 = load<i32>(starts + (<usize>s << 2));
    const s1 = load<i32>(starts + (<usize>(s + 1) << 2));
    let len = 0;
    for (let i = s0; i < s1; i++) {
      const w = load<i32>(ids + (<usize>i << 2));
      const k = load<f32>(keep + (<usize>w << 2));
      if (k >= 1 || <f64>k > nextRandom()) {
        store<i32>(sentence + (<usize>len << 2), w);
        len++;
      }
    }
    kept += len;
    pending += s1 - s0;
    if (pending >= 10000 || s == to - 1) {
      const done = <f64>(atomic.add<i32>(counter, pending) + pending);
      pending = 0;
      alpha = <f32>Math.max(minAlpha, alpha0 - ((alpha0 - minAlpha) * done) / totalWords);
    }
    for (let pos = 0; pos < len; pos++) {
      const word = load<i32>(sentence + (<usize>pos << 2));
      const b = <i32>(nextRandom() * <f64>window);
      const lo = max(0, pos - window + b);
      const hi = min(len - 1, pos + window - b);
      if (sg) {
        for (let c = lo; c <= hi; c++) {
          if (c == pos) continue;
          const h = syn0 + <usize>load<i32>(sentence + (<usize>c << 2)) * row;
          memory.fill(neu1e, 0, row);
          update(h, neu1e, syn1 + <usize>word * row, 1, alpha, d);
          for (let n = 0; n < negative; n++) {
            const t = drawNoise(noise, V, nextRandom());
            if (t != word) update(h, neu1e, syn1 + <usize>t * row, 0, alpha, d);
          }
          predictions += <f64>(negative + 1);
          axpy(h, neu1e, 1, d);
        }
      } else {
        memory.fill(neu1, 0, row);
        let cw = 0;
        for (let c = lo; c <= hi; c++) {
          if (c == pos) continue;
          axpy(neu1, syn0 + <usize>load<i32>(sentence + (<usize>c << 2)) * row, 1, d);
          cw++;
        }
        if (cw == 0) continue;
        if (cbowMean) {
          const inv = <f32>1 / <f32>cw;
          for (let k = 0; k < d; k++) store<f32>(neu1 + (<usize>k << 2), load<f32>(neu1 + (<usize>k << 2)) * inv);
        }
        memory.fill(neu1e, 0, row);
        update(neu1, neu1e, syn1 + <usize>word * row, 1, alpha, d);
        for (let n = 0; n < negative; n++) {
          const t = drawNoise(noise, V, nextRandom());
          if (t != word) update(neu1, neu1e, syn1 + <usize>t * row, 0, alpha, d);
        }
        predictions += <f64>(negative + 1);
        for (let c = lo; c <= hi; c++) {
          if (c == pos) continue;
          axpy(syn0 + <usize>load<i32>(sentence + (<usize>c << 2)) * row, neu1e, 1, d);
        }
      }
    }
  }
  return kept;
}
