// word2vec on the TypeScript kernel (train.ts) in one thread: negative sampling or hierarchical
// softmax, progress every ~50k words read. The reference the wasm kernel is checked against;
// leaves threads to the wasm engine (train-wasm.ts).
import { readCorpus } from './vocab.ts';
import { kernelScratch, trainSentences } from './train.ts';
import { KeyedVectors } from './keyed-vectors.ts';
import { alphaAt, longestSentence, prepareState, type Word2VecConfig, type Word2VecProgressFn, type Word2VecEngineResult } from './config.ts';
import type { TrainParams } from './train.ts';

export const now = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

/** Sentences from `s` holding about 50 000 words: the stretch trained between two reports. */
export function stretchEnd(starts: Int32Array, s: number): number {
  const sentences = starts.length - 1;
  let to = s;
  for (let w = 0; to < sentences && w < 50_000; to++) w += starts[to + 1]! - starts[to]!;
  return to;
}

export async function trainOnTs(text: string, c: Word2VecConfig, p: TrainParams, onProgress?: Word2VecProgressFn): Promise<Word2VecEngineResult> {
  const corpus = readCorpus(text, c.minCount);
  const st = prepareState(corpus, p, c.seed);
  const sc = kernelScratch(p.dim, c.seed ^ 0x9e3779b9, longestSentence(corpus.starts));
  const totalWords = corpus.vocab.total * p.epochs;
  let done = 0;
  const progress = { totalWords, advance: (n: number) => (done += n) };
  const sentences = corpus.starts.length - 1;
  const t0 = now();
  const lossPerEpoch: number[] = [];
  let stopped = false;
  for (let epoch = 0; epoch < p.epochs && !stopped; epoch++) {
    let epochLoss = 0;
    let epochPredictions = 0;
    for (let s = 0; s < sentences && !stopped; ) {
      const to = stretchEnd(corpus.starts, s);
      trainSentences(st, p, corpus.ids, corpus.starts, s, to, sc, progress);
      s = to;
      epochLoss += sc.loss;
      epochPredictions += sc.predictions;
      const seconds = (now() - t0) / 1000;
      const report = {
        epoch: epoch + 1, fraction: done / totalWords, wordsPerSec: done / seconds, effectiveWordsPerSec: sc.effective / seconds,
        loss: sc.predictions ? sc.loss / sc.predictions : 0, alpha: alphaAt(p, done, totalWords),
      };
      sc.loss = 0;
      sc.predictions = 0;
      if (onProgress && (await onProgress(report)) === false) stopped = true;
    }
    if (!stopped) lossPerEpoch.push(epochPredictions ? epochLoss / epochPredictions : 0);
  }
  return {
    vectors: new KeyedVectors(corpus.vocab.words, st.syn0, p.dim), lossPerEpoch, seconds: (now() - t0) / 1000,
    effectiveWords: sc.effective, vocabSize: corpus.vocab.words.length, stopped,
  };
}
