// word2vec (Mikolov et al. 2013): the configuration with word2vec.c's defaults, the model's
// arrays, and a single-threaded training driver that reports words/s and loss as it goes.
// Several threads run the same kernel (train.ts) on shared arrays: see server/word2vec.
import { readCorpus, Word2VecError, type Corpus } from './vocab.ts';
import { huffman } from './huffman.ts';
import { kernelScratch, keepProbabilities, noiseTable, trainSentences, type TrainParams, type TrainState } from './train.ts';
import { KeyedVectors } from './keyed-vectors.ts';

export interface Word2VecConfig {
  /** Skip-gram ('sg': the centre word predicts its context) or CBOW (the context predicts it). */
  arch: 'sg' | 'cbow';
  /** Negative sampling ('ns') or hierarchical softmax ('hs'). */
  loss: 'ns' | 'hs';
  dim: number;
  /** Largest distance to a context word; each position uses a random smaller one. */
  window: number;
  /** Noise words per prediction (negative sampling). */
  negative: number;
  minCount: number;
  /** Subsampling threshold: words more frequent than this share are dropped at random (0: off). */
  sample: number;
  /** Starting learning rate; default 0.025 for skip-gram, 0.05 for CBOW (as word2vec.c). */
  alpha?: number;
  /** Floor of the linear decay; default alpha × 1e-4. */
  minAlpha?: number;
  epochs: number;
  cbowMean: boolean;
  seed: number;
}

export const defaultWord2VecConfig: Word2VecConfig = {
  arch: 'cbow', loss: 'ns', dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: 5, cbowMean: true, seed: 1,
};

export interface Word2VecProgress {
  epoch: number;
  /** Share of all epochs done, 0 … 1. */
  fraction: number;
  wordsPerSec: number;
  /** Mean loss per prediction since the last report. */
  loss: number;
  alpha: number;
}

export function checkWord2VecConfig(c: Word2VecConfig): TrainParams {
  const pos = (f: keyof Word2VecConfig) => {
    if (!(Number.isInteger(c[f]) && (c[f] as number) > 0)) throw new Word2VecError(`${f} must be a positive whole number, got ${String(c[f])}`);
  };
  (['dim', 'window', 'minCount', 'epochs'] as const).forEach(pos);
  if (c.arch !== 'sg' && c.arch !== 'cbow') throw new Word2VecError(`arch must be sg or cbow, got ${String(c.arch)}`);
  if (c.loss !== 'ns' && c.loss !== 'hs') throw new Word2VecError(`loss must be ns or hs, got ${String(c.loss)}`);
  if (c.loss === 'ns') pos('negative');
  if (!(c.sample >= 0 && c.sample < 1)) throw new Word2VecError(`sample must be in [0, 1), got ${c.sample}`);
  const alpha = c.alpha ?? (c.arch === 'sg' ? 0.025 : 0.05);
  if (!(alpha > 0)) throw new Word2VecError(`alpha must be > 0, got ${alpha}`);
  const minAlpha = c.minAlpha ?? alpha * 1e-4;
  if (!(minAlpha >= 0 && minAlpha <= alpha)) throw new Word2VecError(`min-alpha must be in [0, alpha], got ${minAlpha}`);
  return { arch: c.arch, loss: c.loss, dim: c.dim, window: c.window, negative: c.negative, sample: c.sample, alpha, minAlpha, epochs: c.epochs, cbowMean: c.cbowMean };
}

/** Tables and (new, randomly initialized as word2vec.c does) arrays for a corpus. */
export function prepareState(corpus: Corpus, p: TrainParams, seed: number, buffers?: { syn0: Float32Array; syn1: Float32Array }): TrainState {
  const V = corpus.vocab.words.length;
  const syn0 = buffers?.syn0 ?? new Float32Array(V * p.dim);
  const syn1 = buffers?.syn1 ?? new Float32Array(V * p.dim);
  let r = (seed >>> 0) || 1;
  for (let i = 0; i < syn0.length; i++) {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    syn0[i] = ((r >>> 0) / 4294967296 - 0.5) / p.dim;
  }
  syn1.fill(0);
  return {
    V, syn0, syn1,
    keep: keepProbabilities(corpus.vocab.counts, corpus.vocab.total, p.sample),
    noise: noiseTable(corpus.vocab.counts),
    tree: p.loss === 'hs' ? huffman(corpus.vocab.counts) : null,
  };
}

export function longestSentence(starts: Int32Array): number {
  let m = 0;
  for (let s = 0; s + 1 < starts.length; s++) m = Math.max(m, starts[s + 1]! - starts[s]!);
  return m;
}

const now = () => ((globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now());

/** Trains on one thread; `onProgress` is called every ~50k words and may return false to stop. */
export async function trainWord2Vec(
  text: string, config: Partial<Word2VecConfig> = {}, onProgress?: (p: Word2VecProgress) => boolean | void | Promise<boolean | void>,
): Promise<{ vectors: KeyedVectors; lossPerEpoch: number[]; seconds: number }> {
  const c = { ...defaultWord2VecConfig, ...config };
  const p = checkWord2VecConfig(c);
  const corpus = readCorpus(text, c.minCount);
  const st = prepareState(corpus, p, c.seed);
  const sc = kernelScratch(p.dim, c.seed ^ 0x9e3779b9, longestSentence(corpus.starts));
  const totalWords = corpus.vocab.total * p.epochs;
  let done = 0;
  const progress = { totalWords, advance: (n: number) => (done += n) };
  const sentences = corpus.starts.length - 1;
  const t0 = now();
  const lossPerEpoch: number[] = [];
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    let epochLoss = 0;
    let epochPredictions = 0;
    for (let s = 0; s < sentences; ) {
      let to = s;
      for (let w = 0; to < sentences && w < 50_000; to++) w += corpus.starts[to + 1]! - corpus.starts[to]!;
      trainSentences(st, p, corpus.ids, corpus.starts, s, to, sc, progress);
      s = to;
      epochLoss += sc.loss;
      epochPredictions += sc.predictions;
      const report: Word2VecProgress = {
        epoch: epoch + 1, fraction: done / totalWords, wordsPerSec: done / ((now() - t0) / 1000),
        loss: sc.predictions ? sc.loss / sc.predictions : 0, alpha: Math.max(p.minAlpha, p.alpha - ((p.alpha - p.minAlpha) * done) / totalWords),
      };
      sc.loss = 0;
      sc.predictions = 0;
      if (onProgress && (await onProgress(report)) === false) return { vectors: new KeyedVectors(corpus.vocab.words, st.syn0, p.dim), lossPerEpoch, seconds: (now() - t0) / 1000 };
    }
    lossPerEpoch.push(epochPredictions ? epochLoss / epochPredictions : 0);
  }
  return { vectors: new KeyedVectors(corpus.vocab.words, st.syn0, p.dim), lossPerEpoch, seconds: (now() - t0) / 1000 };
}
