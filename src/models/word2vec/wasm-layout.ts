// Where the word2vec arrays live in the wasm kernels' memory (assembly/word2vec.ts reads them
// there): one block per array, 16-byte aligned, then one scratch block per thread; the noise
// block holds an alias table (8 bytes a word). The same layout serves one thread in the browser
// and Hogwild threads on shared memory in Node.
import type { Corpus } from './vocab.ts';
import type { TrainParams, TrainState } from './train.ts';

export interface Word2VecLayout {
  syn0: number; syn1: number; keep: number; noise: number; ids: number; starts: number; tables: number; counter: number;
  /** Scratch of thread t: sentence, neu1, neu1e. */
  scratch: { sentence: number; neu1: number; neu1e: number }[];
  bytes: number;
}

const align = (n: number) => Math.ceil(n / 16) * 16;
const TABLE = 1000;
const MAX_EXP = 6;

export function word2vecLayout(V: number, dim: number, ids: number, starts: number, longest: number, threads: number): Word2VecLayout {
  let at = 1024;
  const take = (bytes: number) => {
    const p = at;
    at = align(at + bytes);
    return p;
  };
  const l = {
    syn0: take(V * dim * 4), syn1: take(V * dim * 4), keep: take(V * 4), noise: take(V * 8), ids: take(ids * 4), starts: take(starts * 4),
    tables: take(2 * (TABLE + 1) * 4), counter: take(16),
  };
  const scratch = Array.from({ length: threads }, () => ({ sentence: take(longest * 4 + 16), neu1: take(dim * 4 + 16), neu1e: take(dim * 4 + 16) }));
  return { ...l, scratch, bytes: at };
}

/** Copies the corpus, the model's arrays and the σ tables into memory at the layout's offsets. */
export function fillWord2VecMemory(buffer: ArrayBuffer, l: Word2VecLayout, corpus: Corpus, st: TrainState): void {
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
  new Int32Array(buffer, l.counter, 4).fill(0);
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

/** The arguments of w2vTrain after (from, to) for thread t. */
export function trainArgs(l: Word2VecLayout, t: number, p: TrainParams, totalWords: number): [number, number, number, number, number, number, number, number, number, number, number] {
  const s = l.scratch[t]!;
  return [s.sentence, s.neu1, s.neu1e, p.arch === 'sg' ? 1 : 0, p.cbowMean ? 1 : 0, p.window, p.negative, p.alpha, p.minAlpha, totalWords, l.counter];
}
