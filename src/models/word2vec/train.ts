// The word2vec training kernel (Mikolov et al. 2013a/b, as word2vec.c runs it): skip-gram or
// CBOW (mean or sum of the context), negative sampling (noise ∝ count^0.75) or hierarchical
// softmax, subsampling of frequent words, a window shrunk at random per position, and a learning
// rate that falls linearly over all epochs. It works on Float32Arrays that may sit on shared
// memory, so several threads can run it on different sentences at once (Hogwild, Recht et al.
// 2011). Nothing is allocated in the loops; σ and log σ come from tables as in word2vec.c.
import type { HuffmanCodes } from './huffman.ts';

export interface TrainParams {
  arch: 'sg' | 'cbow';
  loss: 'ns' | 'hs';
  dim: number;
  window: number;
  negative: number;
  /** Subsampling threshold (0: off). */
  sample: number;
  alpha: number;
  minAlpha: number;
  epochs: number;
  /** CBOW: average the context vectors (true, word2vec.c's default) or sum them. */
  cbowMean: boolean;
}

/** The model's arrays and the per-word tables; syn0/syn1 may be shared between threads. */
export interface TrainState {
  V: number;
  syn0: Float32Array;
  /** Output vectors: negative sampling's syn1neg, or hierarchical softmax's inner nodes. */
  syn1: Float32Array;
  /** Probability of keeping each word under subsampling (1 when off). */
  keep: Float32Array;
  /** Cumulative count^0.75, for drawing noise words by bisection. */
  noise: Float64Array;
  tree: HuffmanCodes | null;
}

export interface Progress {
  /** Adds words just processed; returns the words processed so far by every thread. */
  advance(words: number): number;
  /** Words to process in the whole run (epochs × corpus), for the learning-rate decay. */
  readonly totalWords: number;
}

const MAX_EXP = 6;
const TABLE = 1000;
const SIGMOID = new Float32Array(TABLE + 1);
const LOG_SIGMOID = new Float32Array(TABLE + 1);
for (let i = 0; i <= TABLE; i++) {
  const x = ((i / TABLE) * 2 - 1) * MAX_EXP;
  SIGMOID[i] = 1 / (1 + Math.exp(-x));
  LOG_SIGMOID[i] = -Math.log1p(Math.exp(-x));
}
const tableIndex = (f: number) => Math.round(((f + MAX_EXP) * TABLE) / (2 * MAX_EXP));

/** −log σ(±f): the loss of one prediction (label 1: f, label 0: −f). */
function lossOf(f: number, label: number): number {
  const x = label === 1 ? f : -f;
  if (x >= MAX_EXP) return 0;
  if (x <= -MAX_EXP) return -x;
  return -LOG_SIGMOID[tableIndex(x)]!;
}

/**
 * One update: the prediction of `target` with label 1 or 0 from hidden vector h (syn0 row or
 * CBOW context, at hOff in `hidden`), against output row `row` of syn1. Adds the gradient for h
 * to e and updates the output row. Returns the loss.
 */
function update(st: TrainState, hidden: Float32Array, hOff: number, e: Float32Array, row: number, label: number, alpha: number, D: number): number {
  const syn1 = st.syn1;
  const o = row * D;
  let f = 0;
  for (let c = 0; c < D; c++) f += hidden[hOff + c]! * syn1[o + c]!;
  let g: number;
  if (f > MAX_EXP) g = (label - 1) * alpha;
  else if (f < -MAX_EXP) g = label * alpha;
  else g = (label - SIGMOID[tableIndex(f)]!) * alpha;
  for (let c = 0; c < D; c++) e[c]! += g * syn1[o + c]!;
  for (let c = 0; c < D; c++) syn1[o + c]! += g * hidden[hOff + c]!;
  return lossOf(f, label);
}

export interface KernelScratch {
  neu1: Float32Array;
  neu1e: Float32Array;
  sentence: Int32Array;
  /** xorshift32 state of this thread. */
  rng: number;
  /** Summed loss and number of predictions since the caller last read them. */
  loss: number;
  predictions: number;
  /** Words trained on after subsampling (word2vec.c's and gensim's "effective words"). */
  effective: number;
}

export function kernelScratch(dim: number, seed: number, longestSentence: number): KernelScratch {
  return { neu1: new Float32Array(dim), neu1e: new Float32Array(dim), sentence: new Int32Array(longestSentence), rng: (seed >>> 0) || 1, loss: 0, predictions: 0, effective: 0 };
}

/** Trains on sentences [from, to) of the corpus; returns the words read (for progress). */
export function trainSentences(
  st: TrainState, p: TrainParams, ids: Int32Array, starts: Int32Array, from: number, to: number, sc: KernelScratch, progress: Progress,
): number {
  const D = p.dim;
  const { syn0, keep, noise } = st;
  const { neu1, neu1e, sentence } = sc;
  const noiseTotal = noise[st.V - 1]!;
  let read = 0;
  let pending = 0;
  // The rate where the run is now (every thread's words so far), not the starting one.
  let alpha = Math.max(p.minAlpha, p.alpha - ((p.alpha - p.minAlpha) * progress.advance(0)) / progress.totalWords);
  for (let s = from; s < to; s++) {
    // Subsample, then train on what is left of the sentence.
    let len = 0;
    for (let i = starts[s]!; i < starts[s + 1]!; i++) {
      const w = ids[i]!;
      if (keep[w]! >= 1 || keep[w]! > nextRandom(sc)) sentence[len++] = w;
    }
    const words = starts[s + 1]! - starts[s]!;
    read += words;
    sc.effective += len;
    pending += words;
    if (pending >= 10_000 || s === to - 1) {
      const done = progress.advance(pending);
      pending = 0;
      alpha = Math.max(p.minAlpha, p.alpha - ((p.alpha - p.minAlpha) * done) / progress.totalWords);
    }
    for (let pos = 0; pos < len; pos++) {
      const word = sentence[pos]!;
      const b = Math.floor(nextRandom(sc) * p.window); // the window shrinks to window − b
      const lo = Math.max(0, pos - p.window + b);
      const hi = Math.min(len - 1, pos + p.window - b);
      if (p.arch === 'cbow') {
        neu1.fill(0);
        let cw = 0;
        for (let c = lo; c <= hi; c++) {
          if (c === pos) continue;
          const o = sentence[c]! * D;
          for (let k = 0; k < D; k++) neu1[k]! += syn0[o + k]!;
          cw++;
        }
        if (cw === 0) continue;
        if (p.cbowMean) for (let k = 0; k < D; k++) neu1[k]! /= cw;
        neu1e.fill(0);
        sc.loss += predict(st, p, sc, neu1, 0, word, alpha, noiseTotal);
        for (let c = lo; c <= hi; c++) {
          if (c === pos) continue;
          const o = sentence[c]! * D;
          for (let k = 0; k < D; k++) syn0[o + k]! += neu1e[k]!;
        }
      } else {
        for (let c = lo; c <= hi; c++) {
          if (c === pos) continue;
          // As in word2vec.c: the context word's input vector predicts the centre word.
          const l1 = sentence[c]! * D;
          neu1e.fill(0);
          sc.loss += predict(st, p, sc, syn0, l1, word, alpha, noiseTotal);
          for (let k = 0; k < D; k++) syn0[l1 + k]! += neu1e[k]!;
        }
      }
    }
  }
  return read;
}

/** xorshift32 on the thread's state: uniform in [0, 1). */
function nextRandom(sc: KernelScratch): number {
  let r = sc.rng;
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  sc.rng = r;
  return (r >>> 0) / 4294967296;
}

/** The positive target plus `negative` noise words, or the Huffman path; the gradient goes to neu1e. */
function predict(st: TrainState, p: TrainParams, sc: KernelScratch, h: Float32Array, hOff: number, word: number, alpha: number, noiseTotal: number): number {
  const D = p.dim;
  let loss = 0;
  if (st.tree) {
    const code = st.tree.codes[word]!;
    const point = st.tree.points[word]!;
    for (let d = 0; d < code.length; d++) loss += update(st, h, hOff, sc.neu1e, point[d]!, 1 - code[d]!, alpha, D);
    sc.predictions += code.length;
    return loss;
  }
  loss += update(st, h, hOff, sc.neu1e, word, 1, alpha, D);
  for (let d = 0; d < p.negative; d++) {
    const target = drawNoise(st.noise, nextRandom(sc) * noiseTotal);
    if (target === word) continue;
    loss += update(st, h, hOff, sc.neu1e, target, 0, alpha, D);
  }
  sc.predictions += p.negative + 1;
  return loss;
}

/** The first index whose cumulative weight exceeds x (bisection). */
export function drawNoise(cum: Float64Array, x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** word2vec.c's keep probability: (√(f/(s·N)) + 1)·(s·N)/f, capped at 1. */
export function keepProbabilities(counts: Float64Array, total: number, sample: number): Float32Array {
  const keep = new Float32Array(counts.length).fill(1);
  if (sample <= 0) return keep;
  const t = sample * total;
  counts.forEach((f, w) => (keep[w] = Math.min(1, (Math.sqrt(f / t) + 1) * (t / f))));
  return keep;
}

export function noiseTable(counts: Float64Array, power = 0.75): Float64Array {
  const cum = new Float64Array(counts.length);
  let acc = 0;
  counts.forEach((c, w) => (cum[w] = acc += c ** power));
  return cum;
}
