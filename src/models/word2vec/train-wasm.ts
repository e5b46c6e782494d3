// word2vec with negative sampling on the wasm SIMD kernel (assembly/word2vec.ts) in one thread,
// on ordinary (unshared) memory: what a browser without cross-origin isolation runs in its Web
// Worker. Same configuration, seed use and reports as trainWord2Vec; hierarchical softmax stays
// on the TypeScript kernel. Hogwild threads on shared memory: server/word2vec/hogwild.ts.
import { readCorpus, Word2VecError } from './vocab.ts';
import { checkWord2VecConfig, defaultWord2VecConfig, longestSentence, prepareState, type Word2VecConfig, type Word2VecProgress } from './word2vec.ts';
import { fillWord2VecMemory, trainArgs, word2vecLayout } from './wasm-layout.ts';
import { KeyedVectors } from './keyed-vectors.ts';
import { instantiateKernels, kernelMemory } from '../../tensor/backends/wasm/wasm-module.ts';

const now = () => ((globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now());

/** Trains in this thread; `onProgress` is called every ~50k words read and may return false to stop. */
export async function trainWord2VecWasm(
  text: string, config: Partial<Word2VecConfig> = {}, onProgress?: (p: Word2VecProgress & { effectiveWordsPerSec: number }) => boolean | void | Promise<boolean | void>,
): Promise<{ vectors: KeyedVectors; lossPerEpoch: number[]; seconds: number; stopped: boolean }> {
  const c = { ...defaultWord2VecConfig, ...config };
  const p = checkWord2VecConfig(c);
  if (p.loss !== 'ns') throw new Word2VecError('the wasm kernel trains negative sampling only; hierarchical softmax runs on trainWord2Vec');
  const corpus = readCorpus(text, c.minCount);
  const V = corpus.vocab.words.length;
  const state = prepareState(corpus, p, c.seed);
  const layout = word2vecLayout(V, p.dim, corpus.ids.length, corpus.starts.length, longestSentence(corpus.starts), 1);
  const { memory, buffer } = kernelMemory(layout.bytes, false);
  fillWord2VecMemory(buffer(), layout, corpus, state);
  const k = await instantiateKernels(memory, false);
  const totalWords = corpus.vocab.total * p.epochs;
  const args = trainArgs(layout, 0, p, totalWords);
  const counter = new Int32Array(buffer(), layout.counter, 1);
  k.w2vBegin((c.seed + 7919) >>> 0, layout.tables);
  const sentences = corpus.starts.length - 1;
  const lossPerEpoch: number[] = [];
  const t0 = now();
  let effective = 0;
  let stopped = false;
  const finish = () => ({ vectors: new KeyedVectors(corpus.vocab.words, new Float32Array(buffer(), layout.syn0, V * p.dim).slice(), p.dim), lossPerEpoch, seconds: (now() - t0) / 1000, stopped });
  for (let epoch = 1; epoch <= p.epochs && !stopped; epoch++) {
    const [epochLoss, epochPredictions] = [k.w2vLoss(), k.w2vPredictions()];
    for (let s = 0; s < sentences && !stopped; ) {
      let to = s;
      for (let w = 0; to < sentences && w < 50_000; to++) w += corpus.starts[to + 1]! - corpus.starts[to]!;
      const [loss0, pred0] = [k.w2vLoss(), k.w2vPredictions()];
      effective += k.w2vTrain(layout.syn0, layout.syn1, layout.keep, layout.noise, V, p.dim, layout.ids, layout.starts, s, to, ...args);
      s = to;
      const done = counter[0]!;
      const seconds = (now() - t0) / 1000;
      const predictions = k.w2vPredictions() - pred0;
      const report = {
        epoch, fraction: done / totalWords, wordsPerSec: done / seconds, effectiveWordsPerSec: effective / seconds,
        loss: predictions ? (k.w2vLoss() - loss0) / predictions : 0, alpha: Math.max(p.minAlpha, p.alpha - ((p.alpha - p.minAlpha) * done) / totalWords),
      };
      if (onProgress && (await onProgress(report)) === false) stopped = true;
    }
    const predictions = k.w2vPredictions() - epochPredictions;
    if (!stopped) lossPerEpoch.push(predictions ? (k.w2vLoss() - epochLoss) / predictions : 0);
  }
  return finish();
}
