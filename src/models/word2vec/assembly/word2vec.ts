// AssemblyScript (compiled by scripts/build-wasm.mjs into word2vec's own wasm module, not the
// tensor engine's): word2vec's training loop, the same algorithm as ../train.ts — subsampling, a
// window shrunk at random, skip-gram or CBOW, negative sampling (noise words from count^0.75 by
// an alias table, Walker 1977: one draw, one lookup) or hierarchical softmax (Huffman paths), σ
// from a table, a learning rate falling linearly with a word counter every thread shares — with
// dot products and updates four lanes at a time. Everything it reads and keeps lives in memory
// at offsets ../wasm-layout.ts lays out: a model block (arrays and settings) and one block per
// thread (scratch, random state, loss sums), so any thread can run any call. Not type-checked by tsc.

// The model block (bytes): pointers and settings as i32, then the rates as f64.
const M_SYN0 = 0, M_SYN1 = 4, M_KEEP = 8, M_NOISE = 12, M_IDS = 16, M_STARTS = 20, M_TABLES = 24, M_COUNTER = 28, M_STOP = 32;
const M_V = 36, M_DIM = 40, M_SG = 44, M_CBOW_MEAN = 48, M_WINDOW = 52, M_NEGATIVE = 56, M_HS = 60, M_HS_START = 64, M_HS_CODES = 68, M_HS_POINTS = 72;
const M_ALPHA = 80, M_MIN_ALPHA = 88, M_TOTAL_WORDS = 96;
// A thread block (bytes): scratch pointers, random state, passes done, running sums, then per
// epoch the sums (loss, predictions) as they stood when the epoch's last call ended.
const T_SENTENCE = 0, T_NEU1 = 4, T_NEU1E = 8, T_RNG = 12, T_PASSES = 16, T_LOSS = 24, T_PREDICTIONS = 32, T_EFFECTIVE = 40, T_MARKS = 48;

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

// This call's thread state, loaded from its thread block at the start and stored back.
let rng: u32 = 1;
let loss: f64 = 0;
let predictions: f64 = 0;
/** The table block: σ (TABLE + 1 f32), then −log σ (TABLE + 1 f32). */
let sigmoid: usize = 0;

// @ts-ignore: decorator
@inline function nextRandom(): f64 {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return <f64>rng / 4294967296.0;
}

const MAX_EXP: f32 = 6;
const TABLE: i32 = 1000;

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

/**
 * The predictions of `word` from hidden vector h — the word and `negative` noise words, or the
 * inner nodes on its Huffman path when hs is set — with the gradient for h added to e.
 */
// @ts-ignore: decorator
@inline function predict(model: usize, h: usize, e: usize, word: i32, alpha: f32, d: i32, row: usize, hs: i32, negative: i32): void {
  const syn1 = <usize>load<i32>(model + M_SYN1);
  if (hs) {
    const start = <usize>load<i32>(model + M_HS_START);
    const codes = <usize>load<i32>(model + M_HS_CODES);
    const points = <usize>load<i32>(model + M_HS_POINTS);
    const c0 = load<i32>(start + (<usize>word << 2));
    const c1 = load<i32>(start + (<usize>(word + 1) << 2));
    for (let j = c0; j < c1; j++) update(h, e, syn1 + <usize>load<i32>(points + (<usize>j << 2)) * row, <f32>(<i32>1 - <i32>load<u8>(codes + <usize>j)), alpha, d);
    predictions += <f64>(c1 - c0);
    return;
  }
  const noise = <usize>load<i32>(model + M_NOISE);
  const V = load<i32>(model + M_V);
  update(h, e, syn1 + <usize>word * row, 1, alpha, d);
  for (let n = 0; n < negative; n++) {
    const t = drawNoise(noise, V, nextRandom());
    if (t != word) update(h, e, syn1 + <usize>t * row, 0, alpha, d);
  }
  predictions += <f64>(negative + 1);
}

/** Stores this call's running sums (and the effective words so far) in the thread block. */
// @ts-ignore: decorator
@inline function keepSums(thread: usize, kept: f64): void {
  store<f64>(thread + T_LOSS, loss);
  store<f64>(thread + T_PREDICTIONS, predictions);
  store<f64>(thread + T_EFFECTIVE, kept);
  store<u32>(thread + T_RNG, rng);
}

// The pass under way: its rate, the words read since the counter was last advanced, and the
// words kept after subsampling so far (a call of w2vSentences carries them on from the last).
let alpha: f32 = 0;
let pending: i32 = 0;
let effective: f64 = 0;
/** Sentences per call of w2vSentences. */
const CHUNK: i32 = 200;

/**
 * Trains `epochs` passes over sentences [from, to) with the model at `model` and the thread
 * block at `thread`; pass k counts as epoch epoch0 + k (its sums are marked there). Returns
 * early, sums kept, when the model's stop word is set (checked every 10 000 words read).
 */
export function w2vTrain(model: usize, thread: usize, from: i32, to: i32, epoch0: i32, epochs: i32): void {
  const counter = <usize>load<i32>(model + M_COUNTER);
  const alpha0 = load<f64>(model + M_ALPHA);
  const minAlpha = load<f64>(model + M_MIN_ALPHA);
  const totalWords = load<f64>(model + M_TOTAL_WORDS);
  sigmoid = <usize>load<i32>(model + M_TABLES);
  rng = load<u32>(thread + T_RNG);
  loss = load<f64>(thread + T_LOSS);
  predictions = load<f64>(thread + T_PREDICTIONS);
  effective = load<f64>(thread + T_EFFECTIVE);
  for (let pass = 0; pass < epochs; pass++) {
    // The rate where the run is now (every thread's words so far), not the starting one.
    alpha = <f32>Math.max(minAlpha, alpha0 - ((alpha0 - minAlpha) * <f64>atomic.load<i32>(counter)) / totalWords);
    pending = 0;
    for (let s = from; s < to; s += CHUNK) if (w2vSentences(model, thread, s, min(to, s + CHUNK), to)) return;
    keepSums(thread, effective);
    const mark = thread + T_MARKS + (<usize>(epoch0 + pass) << 4);
    store<f64>(mark, loss);
    store<f64>(mark, predictions, 8);
    store<i32>(thread + T_PASSES, epoch0 + pass + 1);
  }
}

/**
 * Sentences [from, to) of a pass that ends at sentence `last`, on the state w2vTrain set up;
 * returns 1 when asked to stop. Exported only so that it stays a function of its own: V8 runs a
 * wasm function in its optimizing tier from its next call on, never in the middle of one, and
 * w2vTrain is one call for a whole Hogwild thread.
 */
export function w2vSentences(model: usize, thread: usize, from: i32, to: i32, last: i32): i32 {
  const syn0 = <usize>load<i32>(model + M_SYN0);
  const keep = <usize>load<i32>(model + M_KEEP);
  const ids = <usize>load<i32>(model + M_IDS);
  const starts = <usize>load<i32>(model + M_STARTS);
  const counter = <usize>load<i32>(model + M_COUNTER);
  const stop = <usize>load<i32>(model + M_STOP);
  const d = load<i32>(model + M_DIM);
  const sg = load<i32>(model + M_SG);
  const cbowMean = load<i32>(model + M_CBOW_MEAN);
  const window = load<i32>(model + M_WINDOW);
  const negative = load<i32>(model + M_NEGATIVE);
  const hs = load<i32>(model + M_HS);
  const alpha0 = load<f64>(model + M_ALPHA);
  const minAlpha = load<f64>(model + M_MIN_ALPHA);
  const totalWords = load<f64>(model + M_TOTAL_WORDS);
  const sentence = <usize>load<i32>(thread + T_SENTENCE);
  const neu1 = <usize>load<i32>(thread + T_NEU1);
  const neu1e = <usize>load<i32>(thread + T_NEU1E);
  const row = <usize>d << 2;
  let rate = alpha;
  let unread = pending;
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
    effective += <f64>len;
    unread += s1 - s0;
    if (unread >= 10000 || s == last - 1) {
      const done = <f64>(atomic.add<i32>(counter, unread) + unread);
      unread = 0;
      rate = <f32>Math.max(minAlpha, alpha0 - ((alpha0 - minAlpha) * done) / totalWords);
      keepSums(thread, effective);
      if (atomic.load<i32>(stop) != 0) return 1;
    }
    for (let pos = 0; pos < len; pos++) {
      const word = load<i32>(sentence + (<usize>pos << 2));
      const b = <i32>(nextRandom() * <f64>window);
      const lo = max(0, pos - window + b);
      const hi = min(len - 1, pos + window - b);
      if (sg) {
        for (let c = lo; c <= hi; c++) {
          if (c == pos) continue;
          // As in word2vec.c: the context word's input vector predicts the centre word.
          const h = syn0 + <usize>load<i32>(sentence + (<usize>c << 2)) * row;
          memory.fill(neu1e, 0, row);
          predict(model, h, neu1e, word, rate, d, row, hs, negative);
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
        predict(model, neu1, neu1e, word, rate, d, row, hs, negative);
        for (let c = lo; c <= hi; c++) {
          if (c == pos) continue;
          axpy(syn0 + <usize>load<i32>(sentence + (<usize>c << 2)) * row, neu1e, 1, d);
        }
      }
    }
  }
  alpha = rate;
  pending = unread;
  return 0;
}
