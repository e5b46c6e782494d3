// word2vec on its wasm SIMD kernel (assembly/word2vec.ts, word2vec's own module, run through the
// wasm backend's extension point): with one thread, in this thread on ordinary memory (a browser
// page without cross-origin isolation can run it), reporting every ~50k words read; with more,
// Hogwild (Recht et al. 2011, as word2vec.c and gensim run it) — the engine's kernel threads each
// train their share of the sentences for every epoch on the same shared vectors without locks,
// while this thread reports every REPORT_MS from the counters in memory and asks them to stop.
import { WasmModule, type SpawnWorker } from '../../tensor/wasm.ts';
import { WORD2VEC_WASM, WORD2VEC_WASM_SHARED } from './generated/word2vec-wasm.ts';
import { readCorpus, type Corpus } from './vocab.ts';
import { KeyedVectors } from './keyed-vectors.ts';
import type { TrainParams } from './train.ts';
import { alphaAt, longestSentence, prepareState, type Word2VecConfig, type Word2VecProgress, type Word2VecProgressFn, type Word2VecEngineResult } from './config.ts';
import { epochMark, fillWord2VecMemory, huffmanPathLength, requestStop, threadSums, word2vecLayout, wordsRead, type Word2VecLayout } from './wasm-layout.ts';
import { now, stretchEnd } from './train-ts.ts';

/** The kernel's export (assembly/word2vec.ts). */
interface Word2VecExports {
  w2vTrain(model: number, thread: number, from: number, to: number, epoch0: number, epochs: number): void;
}

const KERNELS = ['w2vTrain'] as const;
/** How often the Hogwild driver reports (ms), and how often it looks whether the threads are done. */
const REPORT_MS = 250;
const POLL_MS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => (globalThis as unknown as { setTimeout(f: () => void, ms: number): unknown }).setTimeout(resolve, ms));

export interface WasmTrainOptions {
  threads: number;
  spawn?: SpawnWorker;
  onProgress?: Word2VecProgressFn;
}

/** Sums over threads: words read, effective words, loss and predictions so far. */
interface Totals {
  done: number;
  effective: number;
  loss: number;
  predictions: number;
}

/** Turns totals into a report, with the mean loss since the previous one. */
function reporter(p: TrainParams, totalWords: number, t0: number) {
  let last = { loss: 0, predictions: 0 };
  return (t: Totals, epoch: number): Word2VecProgress => {
    const seconds = (now() - t0) / 1000;
    const recent = t.predictions > last.predictions ? (t.loss - last.loss) / (t.predictions - last.predictions) : 0;
    last = { loss: t.loss, predictions: t.predictions };
    return {
      epoch, fraction: t.done / totalWords, wordsPerSec: t.done / seconds, effectiveWordsPerSec: t.effective / seconds, loss: recent,
      alpha: alphaAt(p, t.done, totalWords),
    };
  };
}

function totals(buffer: ArrayBuffer, l: Word2VecLayout): Totals {
  const t = { done: wordsRead(buffer, l), effective: 0, loss: 0, predictions: 0 };
  l.threads.forEach((_, i) => {
    const s = threadSums(buffer, l, i);
    [t.effective, t.loss, t.predictions] = [t.effective + s.effective, t.loss + s.loss, t.predictions + s.predictions];
  });
  return t;
}

/** Mean loss per prediction of each of the first `epochs` epochs, over every thread's marks. */
function epochLosses(buffer: ArrayBuffer, l: Word2VecLayout, epochs: number): number[] {
  return Array.from({ length: epochs }, (_, e) => {
    let [loss, predictions] = [0, 0];
    l.threads.forEach((_, t) => {
      const [a, b] = [epochMark(buffer, l, t, e), e ? epochMark(buffer, l, t, e - 1) : { loss: 0, predictions: 0 }];
      [loss, predictions] = [loss + a.loss - b.loss, predictions + a.predictions - b.predictions];
    });
    return predictions ? loss / predictions : 0;
  });
}

export async function trainOnWasm(text: string, c: Word2VecConfig, p: TrainParams, o: WasmTrainOptions): Promise<Word2VecEngineResult> {
  const corpus = readCorpus(text, c.minCount);
  const st = prepareState(corpus, p, c.seed);
  const V = corpus.vocab.words.length;
  const layout = word2vecLayout({
    V, dim: p.dim, ids: corpus.ids.length, starts: corpus.starts.length, longestSentence: longestSentence(corpus.starts), epochs: p.epochs,
    threads: o.threads, hsPath: huffmanPathLength(st),
  });
  const builds = { plain: WORD2VEC_WASM, shared: WORD2VEC_WASM_SHARED };
  const wasm = await WasmModule.load<Word2VecExports>(builds, { bytes: layout.bytes, threads: o.threads > 1 ? o.threads : 0, spawn: o.spawn, kernels: KERNELS });
  try {
    fillWord2VecMemory(wasm.buffer, layout, corpus, st, p, c.seed);
    const run = o.threads > 1 ? await hogwild(wasm, layout, corpus, p, o.onProgress) : await oneThread(wasm, layout, corpus, p, o.onProgress);
    return {
      ...run, vectors: new KeyedVectors(corpus.vocab.words, new Float32Array(wasm.buffer, layout.syn0, V * p.dim).slice(), p.dim),
      effectiveWords: totals(wasm.buffer, layout).effective, vocabSize: V,
    };
  } finally {
    requestStop(wasm.buffer, layout); // threads still training (after an error here) return at their next 10 000 words
    wasm.close();
  }
}

type Run = Promise<{ lossPerEpoch: number[]; seconds: number; stopped: boolean }>;

/** In this thread, a stretch of ~50k words at a time, reporting after each. */
async function oneThread(wasm: WasmModule<Word2VecExports>, l: Word2VecLayout, corpus: Corpus, p: TrainParams, onProgress?: Word2VecProgressFn): Run {
  const totalWords = corpus.vocab.total * p.epochs;
  const sentences = corpus.starts.length - 1;
  const t0 = now();
  const report = reporter(p, totalWords, t0);
  let stopped = false;
  let epochs = 0;
  for (let epoch = 0; epoch < p.epochs && !stopped; epoch++) {
    for (let s = 0; s < sentences && !stopped; ) {
      const to = stretchEnd(corpus.starts, s);
      wasm.exports.w2vTrain(l.model, l.threads[0]!.block, s, to, epoch, 1);
      s = to;
      if (onProgress && (await onProgress(report(totals(wasm.buffer, l), epoch + 1))) === false) stopped = true;
    }
    if (!stopped) epochs++;
  }
  return { lossPerEpoch: epochLosses(wasm.buffer, l, epochs), seconds: (now() - t0) / 1000, stopped };
}

/** Sentence ranges, one per thread, of about the same number of words. */
function shares(corpus: Corpus, threads: number): [number, number][] {
  const sentences = corpus.starts.length - 1;
  const bounds = [0];
  for (let t = 1; t < threads; t++) {
    const target = (corpus.vocab.total * t) / threads;
    let s = bounds.at(-1)!;
    while (s < sentences && corpus.starts[s]! < target) s++;
    bounds.push(s);
  }
  bounds.push(sentences);
  return bounds.slice(0, -1).map((from, t) => [from, bounds[t + 1]!]);
}

/** Every kernel thread trains its share for all epochs in one call; this thread watches and reports. */
async function hogwild(wasm: WasmModule<Word2VecExports>, l: Word2VecLayout, corpus: Corpus, p: TrainParams, onProgress?: Word2VecProgressFn): Run {
  const totalWords = corpus.vocab.total * p.epochs;
  const t0 = now();
  const report = reporter(p, totalWords, t0);
  const epochOf = (done: number) => Math.min(p.epochs, Math.floor((done / totalWords) * p.epochs) + 1);
  shares(corpus, wasm.threads).forEach(([from, to], t) => wasm.post(t + 1, 'w2vTrain', [l.model, l.threads[t]!.block, from, to, 0, p.epochs]));
  const busy = () => Array.from({ length: wasm.threads }, (_, t) => !wasm.idle(t + 1)).some(Boolean);
  let stopped = false;
  let reported = t0;
  while (busy()) {
    await sleep(POLL_MS);
    if (now() - reported < REPORT_MS || !onProgress) continue;
    reported = now();
    const t = totals(wasm.buffer, l);
    if ((await onProgress(report(t, epochOf(t.done)))) === false && !stopped) {
      stopped = true;
      requestStop(wasm.buffer, l);
    }
  }
  const seconds = (now() - t0) / 1000;
  const t = totals(wasm.buffer, l);
  if (onProgress) await onProgress({ ...report(t, epochOf(t.done)), fraction: stopped ? t.done / totalWords : 1 });
  // Only epochs every thread finished: a stopped run reports the epochs it completed.
  const finished = Math.min(...l.threads.map((_, i) => threadSums(wasm.buffer, l, i).passes));
  return { lossPerEpoch: epochLosses(wasm.buffer, l, finished), seconds, stopped };
}
