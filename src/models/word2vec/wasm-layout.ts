// Where word2vec lives in its wasm module's memory (assembly/word2vec.ts reads it there): a model
// block (the arrays' addresses and the settings, offsets M below), one block per array, 16-byte
// aligned, then one block per thread (scratch, random state, sums, per-epoch marks: offsets T).
// The noise block holds an alias table (8 bytes a word); hierarchical softmax adds each word's
// Huffman path (start per word, code bytes, inner-node indices). The same layout serves one
// thread on ordinary memory and Hogwild threads on shared memory.
import type { Corpus } from './vocab.ts';
import type { TrainParams, TrainState } from './train.ts';

/** Offsets in the model block; must match assembly/word2vec.ts. */
const M = {
  syn0: 0, syn1: 4, keep: 8, noise: 12, ids: 16, starts: 20, tables: 24, counter: 28, stop: 32,
  V: 36, dim: 40, sg: 44, cbowMean: 48, window: 52, negative: 56, hs: 60, hsStart: 64, hsCodes: 68, hsPoints: 72,
  alpha: 80, minAlpha: 88, totalWords: 96, bytes: 104,
} as const;
/** Offsets in a thread block; must match assembly/word2vec.ts. */
const T = { sentence: 0, neu1: 4, neu1e: 8, rng: 12, passes: 16, loss: 24, predictions: 32, effective: 40, marks: 48 } as const;

export interface Word2VecLayout {
  model: number;
  syn0: number; syn1: number; keep: number; noise: number; ids: number; starts: number; tables: number; counter: number; stop: number;
  hsStart: number; hsCodes: number; hsPoints: number;
  /** Thread t's block and its scratch: the subsampled sentence, neu1 and neu1e. */
  threads: { block: number; sentence: number; neu1: number; neu1e: number }[];
  bytes: number;
}

export interface LayoutSizes {
  V: number;
  dim: number;
  /** Words in the corpus, and sentences + 1. */
  ids: number;
  starts: number;
  longestSentence: number;
  epochs: number;
  threads: number;
  /** Nodes on every word's Huffman path together (0 for negative sampling). */
  hsPath: number;
}

const align = (n: number) => Math.ceil(n / 16) * 16;
const TABLE = 1000;
const MAX_EXP = 6;

export function word2vecLayout(s: LayoutSizes): Word2VecLayout {
  let at = 1024;
  const take = (bytes: number) => {
    const p = at;
    at = align(at + bytes);
    return p;
  };
  const l = {
    model: take(M.bytes), syn0: take(s.V * s.dim * 4), syn1: take(s.V * s.dim * 4), keep: take(s.V * 4), noise: take(s.V * 8), ids: take(s.ids * 4),
    starts: take(s.starts * 4), tables: take(2 * (TABLE + 1) * 4), counter: take(16), stop: take(16),
    hsStart: take((s.V + 1) * 4), hsCodes: take(s.hsPath), hsPoints: take(s.hsPath * 4),
  };
  const threads = Array.from({ length: s.threads }, () => ({
    block: take(T.marks + 16 * s.epochs), sentence: take(s.longestSentence * 4 + 16), neu1: take(s.dim * 4 + 16), neu1e: take(s.dim * 4 + 16),
  }));
  return { ...l, threads, bytes: at };
}

/** Nodes on every word's Huffman path together: the size of the hierarchical-softmax blocks. */
export function huffmanPathLength(st: TrainState): number {
  return st.tree ? st.tree.codes.reduce((n, c) => n + c.length, 0) : 0;
}

/**
 * Copies the corpus, the model's arrays, the noise and Huffman tables and the σ tables into
 * memory at the layout's offsets; writes the settings, and each thread's scratch addresses and
 * random state (seed + 7919·(t + 1), as word2vec.c seeds its threads by their number).
 */
export function fillWord2VecMemory(buffer: ArrayBuffer, l: Word2VecLayout, corpus: Corpus, st: TrainState, p: TrainParams, seed: number): void {
  new Float32Array(buffer, l.syn0, st.syn0.length).set(st.syn0);
  new Float32Array(buffer, l.syn1, st.syn1.length).set(st.syn1);
  new Float32Array(buffer, l.keep, st.keep.length).set(st.keep);
  const { prob, alias } = aliasTable(st.noise);
  const noise = new DataView(buffer, l.noise, 8 * st.V);
  for (let w = 0; w < st.V; w++) {
    noise.setFloat32(8 * w, prob[w]!, true);
    noise.setInt32(8 * w + 4, alias[w]!, true);
  }
  new Int32Array(buffer, l.ids, corpus.ids.length).set(corpus.ids);
  new Int32Array(buffer, l.starts, corpus.starts.length).set(corpus.starts);
  const t = new Float32Array(buffer, l.tables, 2 * (TABLE + 1));
  for (let i = 0; i <= TABLE; i++) {
    const x = ((i / TABLE) * 2 - 1) * MAX_EXP;
    t[i] = 1 / (1 + Math.exp(-x));
    t[TABLE + 1 + i] = Math.log1p(Math.exp(-x)); // −log σ(x)
  }
  new Int32Array(buffer, l.counter, 8).fill(0);
  if (st.tree) fillHuffman(buffer, l, st.tree.codes, st.tree.points);
  const m = new DataView(buffer, l.model, M.bytes);
  const words: [keyof typeof M, number][] = [
    ['syn0', l.syn0], ['syn1', l.syn1], ['keep', l.keep], ['noise', l.noise], ['ids', l.ids], ['starts', l.starts], ['tables', l.tables],
    ['counter', l.counter], ['stop', l.stop], ['V', st.V], ['dim', p.dim], ['sg', p.arch === 'sg' ? 1 : 0], ['cbowMean', p.cbowMean ? 1 : 0],
    ['window', p.window], ['negative', p.negative], ['hs', st.tree ? 1 : 0], ['hsStart', l.hsStart], ['hsCodes', l.hsCodes], ['hsPoints', l.hsPoints],
  ];
  for (const [k, v] of words) m.setInt32(M[k], v, true);
  m.setFloat64(M.alpha, p.alpha, true);
  m.setFloat64(M.minAlpha, p.minAlpha, true);
  m.setFloat64(M.totalWords, corpus.vocab.total * p.epochs, true);
  l.threads.forEach((th, i) => {
    new Uint8Array(buffer, th.block, T.marks + 16 * p.epochs).fill(0);
    const b = new DataView(buffer, th.block, T.marks);
    b.setInt32(T.sentence, th.sentence, true);
    b.setInt32(T.neu1, th.neu1, true);
    b.setInt32(T.neu1e, th.neu1e, true);
    b.setUint32(T.rng, (seed + 7919 * (i + 1)) >>> 0 || 1, true);
  });
}

/** What thread t has done so far: passes finished, and its running sums. */
export function threadSums(buffer: ArrayBuffer, l: Word2VecLayout, t: number): { passes: number; loss: number; predictions: number; effective: number } {
  const b = new DataView(buffer, l.threads[t]!.block, T.marks);
  return { passes: b.getInt32(T.passes, true), loss: b.getFloat64(T.loss, true), predictions: b.getFloat64(T.predictions, true), effective: b.getFloat64(T.effective, true) };
}

/** Thread t's sums (loss, predictions) when its last call of epoch e (0-based) ended. */
export function epochMark(buffer: ArrayBuffer, l: Word2VecLayout, t: number, e: number): { loss: number; predictions: number } {
  const b = new Float64Array(buffer, l.threads[t]!.block + T.marks + 16 * e, 2);
  return { loss: b[0]!, predictions: b[1]! };
}

/** Asks every thread's running call to return (at its next 10 000 words). */
export function requestStop(buffer: ArrayBuffer, l: Word2VecLayout): void {
  Atomics.store(new Int32Array(buffer, l.stop, 1), 0, 1);
}

/** Words read so far by every thread (the shared counter). */
export function wordsRead(buffer: ArrayBuffer, l: Word2VecLayout): number {
  return Atomics.load(new Int32Array(buffer, l.counter, 1), 0);
}

/**
 * Walker's alias table (Vose's construction) for the noise distribution given as cumulative
 * weights: column i of V keeps word i with probability prob[i], else gives alias[i]; a column
 * is drawn uniformly, so each word comes out with exactly its share of the weight.
 */
export function aliasTable(cumulative: Float64Array): { prob: Float32Array; alias: Int32Array } {
  const V = cumulative.length;
  const total = cumulative[V - 1]!;
  const scaled = Float64Array.from(cumulative, (c, w) => ((c - (w ? cumulative[w - 1]! : 0)) * V) / total);
  const prob = new Float32Array(V).fill(1);
  const alias = Int32Array.from({ length: V }, (_, w) => w);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((x, w) => (x < 1 ? small : large).push(w));
  while (small.length && large.length) {
    const s = small.pop()!;
    const g = large.at(-1)!;
    prob[s] = scaled[s]!;
    alias[s] = g;
    scaled[g] = scaled[g]! + scaled[s]! - 1;
    if (scaled[g]! < 1) small.push(large.pop()!);
  }
  return { prob, alias };
}

function fillHuffman(buffer: ArrayBuffer, l: Word2VecLayout, codes: Uint8Array[], points: Int32Array[]): void {
  const start = new Int32Array(buffer, l.hsStart, codes.length + 1);
  let at = 0;
  codes.forEach((code, w) => {
    start[w] = at;
    new Uint8Array(buffer, l.hsCodes + at, code.length).set(code);
    new Int32Array(buffer, l.hsPoints + 4 * at, code.length).set(points[w]!);
    at += code.length;
  });
  start[codes.length] = at;
}
