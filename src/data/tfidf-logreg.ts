// The baseline classifier: bag-of-words tf-idf features (lower-cased words and, optionally, word
// bigrams; sublinear tf 1 + ln tf; smooth idf ln((1+N)/(1+df)) + 1; rows L2-normalized, as
// scikit-learn's TfidfVectorizer) and a multinomial logistic regression with an L2 penalty,
// trained full-batch by Adam in plain TypeScript; the penalty is chosen on the validation split
// by macro-F1. Leaves out character n-grams and stop words. Reference: Jurafsky & Martin ch. 4–5.
import { argmaxRows, classificationReport } from './classification-metrics.ts';

export interface TfidfOptions {
  /** Keep the most frequent (by document frequency) this many features. */
  maxFeatures: number;
  /** Drop features seen in fewer training documents. */
  minDf: number;
  bigrams: boolean;
  /** L2 penalties tried; the one with the best validation macro-F1 is kept. */
  l2: number[];
  /** Full-batch Adam iterations per penalty. */
  iterations: number;
  lr: number;
}

export const defaultTfidfOptions: TfidfOptions = { maxFeatures: 20_000, minDf: 2, bigrams: true, l2: [1e-5, 1e-4, 1e-3], iterations: 150, lr: 0.2 };

/** A sparse row: feature indices and their values. */
interface Row {
  idx: Int32Array;
  val: Float32Array;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

function terms(text: string, bigrams: boolean): string[] {
  const words = text.toLowerCase().match(WORD) ?? [];
  if (!bigrams) return words;
  return [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
}

export class TfidfVectorizer {
  private constructor(private readonly index: Map<string, number>, private readonly idf: Float32Array, private readonly bigrams: boolean) {}

  static fit(texts: readonly string[], opts: Pick<TfidfOptions, 'maxFeatures' | 'minDf' | 'bigrams'>): TfidfVectorizer {
    const df = new Map<string, number>();
    for (const t of texts) for (const term of new Set(terms(t, opts.bigrams))) df.set(term, (df.get(term) ?? 0) + 1);
    const kept = [...df].filter(([, n]) => n >= opts.minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, opts.maxFeatures);
    if (kept.length === 0) throw new Error(`no word occurs in ${opts.minDf} or more training texts: nothing to build features from`);
    const N = texts.length;
    return new TfidfVectorizer(new Map(kept.map(([t], i) => [t, i])), Float32Array.from(kept, ([, n]) => Math.log((1 + N) / (1 + n)) + 1), opts.bigrams);
  }

  get size(): number {
    return this.idf.length;
  }

  transform(text: string): Row {
    const tf = new Map<number, number>();
    for (const term of terms(text, this.bigrams)) {
      const i = this.index.get(term);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const idx = Int32Array.from(tf.keys());
    const val = Float32Array.from(idx, (i) => (1 + Math.log(tf.get(i)!)) * this.idf[i]!);
    const norm = Math.sqrt(val.reduce((a, x) => a + x * x, 0)) || 1;
    for (let j = 0; j < val.length; j++) val[j]! /= norm;
    return { idx, val };
  }
}

/** Softmax probabilities (K) of one row under weights W (K × F) and biases b. */
function probsOf(row: Row, W: Float32Array, b: Float32Array, F: number, out: Float64Array): void {
  const K = b.length;
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    let z = b[k]!;
    for (let j = 0; j < row.idx.length; j++) z += W[k * F + row.idx[j]!]! * row.val[j]!;
    out[k] = z;
    if (z > max) max = z;
  }
  let s = 0;
  for (let k = 0; k < K; k++) s += out[k] = Math.exp(out[k]! - max);
  for (let k = 0; k < K; k++) out[k]! /= s;
}

function fitWeights(rows: Row[], y: ArrayLike<number>, K: number, F: number, l2: number, opts: TfidfOptions): { W: Float32Array; b: Float32Array } {
  const P = K * F + K;
  const theta = new Float32Array(P);
  const [m, v, g] = [new Float32Array(P), new Float32Array(P), new Float32Array(P)];
  const p = new Float64Array(K);
  const W = theta.subarray(0, K * F);
  const b = theta.subarray(K * F);
  for (let it = 1; it <= opts.iterations; it++) {
    g.fill(0);
    rows.forEach((row, i) => {
      probsOf(row, W, b, F, p);
      for (let k = 0; k < K; k++) {
        const d = (p[k]! - (y[i] === k ? 1 : 0)) / rows.length;
        g[K * F + k]! += d;
        for (let j = 0; j < row.idx.length; j++) g[k * F + row.idx[j]!]! += d * row.val[j]!;
      }
    });
    for (let q = 0; q < K * F; q++) g[q]! += l2 * theta[q]!;
    const [c1, c2] = [1 - 0.9 ** it, 1 - 0.999 ** it];
    for (let q = 0; q < P; q++) {
      m[q] = 0.9 * m[q]! + 0.1 * g[q]!;
      v[q] = 0.999 * v[q]! + 0.001 * g[q]! * g[q]!;
      theta[q]! -= (opts.lr * (m[q]! / c1)) / (Math.sqrt(v[q]! / c2) + 1e-8);
    }
  }
  return { W: Float32Array.from(W), b: Float32Array.from(b) };
}

export class TfidfLogReg {
  private constructor(readonly vectorizer: TfidfVectorizer, private readonly W: Float32Array, private readonly b: Float32Array, readonly l2: number) {}

  /** Fits on the training texts (labels 0…K−1) and picks the L2 penalty by validation macro-F1. */
  static train(train: { texts: readonly string[]; labels: ArrayLike<number> }, val: { texts: readonly string[]; labels: ArrayLike<number> }, K: number, opts: TfidfOptions = defaultTfidfOptions): TfidfLogReg {
    if (opts.l2.length === 0) throw new Error('l2: at least one penalty to try');
    const vec = TfidfVectorizer.fit(train.texts, opts);
    const rows = train.texts.map((t) => vec.transform(t));
    const names = Array.from({ length: K }, (_, k) => String(k));
    let best: TfidfLogReg | null = null;
    let bestF1 = -1;
    for (const l2 of opts.l2) {
      const { W, b } = fitWeights(rows, train.labels, K, vec.size, l2, opts);
      const model = new TfidfLogReg(vec, W, b, l2);
      const f1 = classificationReport(names, val.labels, argmaxRows(model.predictProba(val.texts), K)).macroF1;
      if (f1 > bestF1) [best, bestF1] = [model, f1];
    }
    return best!;
  }

  /** Class probabilities, (texts × K) row-major. */
  predictProba(texts: readonly string[]): Float32Array {
    const K = this.b.length;
    const out = new Float32Array(texts.length * K);
    const p = new Float64Array(K);
    texts.forEach((t, i) => {
      probsOf(this.vectorizer.transform(t), this.W, this.b, this.vectorizer.size, p);
      out.set(p, i * K);
    });
    return out;
  }
}
