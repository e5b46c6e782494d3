// word2vec (Mikolov et al. 2013): the configuration with word2vec.c's defaults and its checks,
// the model's arrays (randomly initialized as word2vec.c does), and the progress and result that
// every training path reports (word2vec.ts is the one entry). Training itself: train-ts.ts,
// train-wasm.ts, sgns-tensor.ts.
import { Word2VecError, type Corpus } from './vocab.ts';
import { huffman } from './huffman.ts';
import { keepProbabilities, noiseTable, type TrainParams, type TrainState } from './train.ts';
import type { KeyedVectors } from './keyed-vectors.ts';
import { checkNormalize, defaultNormalize, type Punctuation } from '../../data/normalize.ts';

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
  /** Fold words to lower case before counting (src/data/normalize.ts; on by default). */
  lowercase: boolean;
  /** Punctuation glued to words: dropped (default), split off as its own token, or kept ("money." ≠ "money"). */
  punctuation: Punctuation;
  /** Every digit becomes 0, so 1961 and 1962 are one word. */
  foldNumbers: boolean;
}

/**
 * word2vec.c's defaults, except skip-gram: on a corpus of about a million words (Brown) it gives
 * better neighbours than CBOW (WordSim-353 ρ 0.26 vs 0.20, 5 epochs, words lower-cased without
 * punctuation; measured with evaluate.ts, figures on the Embeddings page).
 */
export const defaultWord2VecConfig: Word2VecConfig = {
  arch: 'sg', loss: 'ns', dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: 5, cbowMean: true, seed: 1, ...defaultNormalize,
};

export interface Word2VecProgress {
  /** The epoch under way, 1 … epochs. */
  epoch: number;
  /** Share of all epochs done, 0 … 1. */
  fraction: number;
  /** Words read per second (before subsampling). */
  wordsPerSec: number;
  /** Words trained on per second (after subsampling): word2vec.c's and gensim's figure. */
  effectiveWordsPerSec: number;
  /** Mean loss per prediction since the last report. */
  loss: number;
  /** The learning rate now. */
  alpha: number;
}

/** Called as training goes; returning false stops it (the result keeps what it has). */
export type Word2VecProgressFn = (p: Word2VecProgress) => boolean | void | Promise<boolean | void>;

export interface Word2VecResult {
  vectors: KeyedVectors;
  /** Mean loss per prediction of each epoch finished (by every thread). */
  lossPerEpoch: number[];
  /** Training time, from the moment the kernel (and its threads) were ready. */
  seconds: number;
  /** Words trained on after subsampling. */
  effectiveWords: number;
  vocabSize: number;
  /** Whether the progress callback stopped it early. */
  stopped: boolean;
  /** Why the vectors are likely useless (tiny vocabulary, zero loss, collapsed vectors); empty when none. */
  warnings: string[];
}

/** What one training engine returns; trainWord2Vec adds the warnings. */
export type Word2VecEngineResult = Omit<Word2VecResult, 'warnings'>;

export function checkWord2VecConfig(c: Word2VecConfig): TrainParams {
  const pos = (f: keyof Word2VecConfig) => {
    if (!(Number.isInteger(c[f]) && (c[f] as number) > 0)) throw new Word2VecError(`${f} must be a positive whole number, got ${String(c[f])}`);
  };
  (['dim', 'window', 'minCount', 'epochs'] as const).forEach(pos);
  if (c.arch !== 'sg' && c.arch !== 'cbow') throw new Word2VecError(`arch must be sg or cbow, got ${String(c.arch)}`);
  if (c.loss !== 'ns' && c.loss !== 'hs') throw new Word2VecError(`loss must be ns or hs, got ${String(c.loss)}`);
  if (c.loss === 'ns') pos('negative');
  try {
    checkNormalize({ lowercase: c.lowercase, punctuation: c.punctuation, foldNumbers: c.foldNumbers });
  } catch (e) {
    throw new Word2VecError((e as Error).message);
  }
  if (!(c.sample >= 0 && c.sample < 1)) throw new Word2VecError(`sample must be in [0, 1), got ${c.sample}`);
  const alpha = c.alpha ?? (c.arch === 'sg' ? 0.025 : 0.05);
  if (!(alpha > 0)) throw new Word2VecError(`alpha must be > 0, got ${alpha}`);
  const minAlpha = c.minAlpha ?? alpha * 1e-4;
  if (!(minAlpha >= 0 && minAlpha <= alpha)) throw new Word2VecError(`min-alpha must be in [0, alpha], got ${minAlpha}`);
  return { arch: c.arch, loss: c.loss, dim: c.dim, window: c.window, negative: c.negative, sample: c.sample, alpha, minAlpha, epochs: c.epochs, cbowMean: c.cbowMean };
}

/** Tables and (new, randomly initialized as word2vec.c does) arrays for a corpus. */
export function prepareState(corpus: Corpus, p: TrainParams, seed: number): TrainState {
  const V = corpus.vocab.words.length;
  const syn0 = new Float32Array(V * p.dim);
  const syn1 = new Float32Array(V * p.dim);
  let r = (seed >>> 0) || 1;
  for (let i = 0; i < syn0.length; i++) {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    syn0[i] = ((r >>> 0) / 4294967296 - 0.5) / p.dim;
  }
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

/** The learning rate after `done` of `total` words: falling linearly from alpha to minAlpha. */
export const alphaAt = (p: TrainParams, done: number, total: number): number => Math.max(p.minAlpha, p.alpha - ((p.alpha - p.minAlpha) * done) / total);
