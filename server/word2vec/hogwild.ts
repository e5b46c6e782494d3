// Parallel word2vec in Node: Hogwild SGD (Recht et al. 2011) as word2vec.c and gensim do it —
// worker threads update the same vectors on shared memory without locks, each on its own share
// of the sentences. The main thread reports words/s (read and effective) and the live loss from
// shared counters, and each epoch's mean loss as the threads finish it.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { readCorpus, Word2VecError } from '../../src/models/word2vec/vocab.ts';
import { checkWord2VecConfig, defaultWord2VecConfig, longestSentence, prepareState, type Word2VecConfig } from '../../src/models/word2vec/word2vec.ts';
import { KeyedVectors } from '../../src/models/word2vec/keyed-vectors.ts';
import type { HogwildParams } from './hogwild-worker.ts';
import { fillWord2VecMemory, word2vecLayout } from '../../src/models/word2vec/wasm-layout.ts';
import { kernelMemory } from '../../src/tensor/backends/wasm/wasm-module.ts';

const ENTRY = fileURLToPath(new URL('../jobs/worker-entry.js', import.meta.url));
const MODULE = new URL('./hogwild-worker.ts', import.meta.url).href;

export interface ParallelProgress {
  epoch: number;
  fraction: number;
  /** Words read per second (before subsampling). */
  wordsPerSec: number;
  /** Words trained on per second (after subsampling): word2vec.c's and gensim's figure. */
  effectiveWordsPerSec: number;
  loss: number;
}

export interface ParallelResult {
  vectors: KeyedVectors;
  lossPerEpoch: number[];
  seconds: number;
  effectiveWords: number;
  vocabSize: number;
}

function shared<T extends Float32Array | Int32Array>(src: T): SharedArrayBuffer {
  const buf = new SharedArrayBuffer(src.byteLength);
  new (src.constructor as new (b: SharedArrayBuffer) => T)(buf).set(src);
  return buf;
}

export async function trainWord2VecParallel(
  text: string, config: Partial<Word2VecConfig>, threads: number, onProgress?: (p: ParallelProgress) => void, shouldStop?: () => boolean,
): Promise<ParallelResult> {
  const c = { ...defaultWord2VecConfig, ...config };
  const p = checkWord2VecConfig(c);
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= 256)) throw new Word2VecError(`threads must be a whole number from 1 to 256, got ${threads}`);
  const corpus = readCorpus(text, c.minCount);
  const V = corpus.vocab.words.length;
  const syn0 = new SharedArrayBuffer(V * p.dim * 4);
  const syn1 = new SharedArrayBuffer(V * p.dim * 4);
  const state = prepareState(corpus, p, c.seed, { syn0: new Float32Array(syn0), syn1: new Float32Array(syn1) });
  let counter = new SharedArrayBuffer(4);
  let counterOffset = 0;
  // Negative sampling runs on the wasm SIMD kernel: the arrays move into shared wasm memory.
  const layout = p.loss === 'ns' ? word2vecLayout(V, p.dim, corpus.ids.length, corpus.starts.length, longestSentence(corpus.starts), threads) : null;
  const wasm = layout ? { layout, V, ...kernelMemory(layout.bytes, true) } : null;
  if (wasm) {
    fillWord2VecMemory(wasm.buffer(), wasm.layout, corpus, state);
    counter = wasm.buffer() as unknown as SharedArrayBuffer;
    counterOffset = wasm.layout.counter;
  }
  const stats = new SharedArrayBuffer(24 * threads);
  const [ids, starts] = [shared(corpus.ids), shared(corpus.starts)];
  const sentences = corpus.starts.length - 1;
  // Split the sentences so each thread gets about the same number of words.
  const bounds = [0];
  for (let t = 1; t < threads; t++) {
    const target = (corpus.vocab.total * t) / threads;
    let s = bounds.at(-1)!;
    while (s < sentences && corpus.starts[s]! < target) s++;
    bounds.push(s);
  }
  bounds.push(sentences);
  const totalWords = corpus.vocab.total * p.epochs;
  const epochLoss = Array.from({ length: p.epochs }, () => ({ loss: 0, predictions: 0, threads: 0 }));
  let t0 = performance.now();
  let started = false;
  const counterView = new Int32Array(counter, counterOffset, 1);
  const statsView = new Float64Array(stats);
  let lastLoss = [0, 0];
  const report = () => {
    const seconds = (performance.now() - t0) / 1000;
    const done = Atomics.load(counterView, 0);
    let [loss, predictions, effective] = [0, 0, 0];
    for (let t = 0; t < threads; t++) [loss, predictions, effective] = [loss + statsView[t * 3]!, predictions + statsView[t * 3 + 1]!, effective + statsView[t * 3 + 2]!];
    const recent = predictions - lastLoss[1]! > 0 ? (loss - lastLoss[0]!) / (predictions - lastLoss[1]!) : 0;
    lastLoss = [loss, predictions];
    return { epoch: Math.min(p.epochs, Math.floor((done / totalWords) * p.epochs) + 1), fraction: done / totalWords, wordsPerSec: done / seconds, effectiveWordsPerSec: effective / seconds, loss: recent, effective };
  };
  const workers: Worker[] = [];
  let stopped = false;
  const timer = setInterval(() => {
    if (shouldStop?.()) {
      stopped = true;
      for (const w of workers) void w.terminate();
    }
    onProgress?.(report());
  }, 250);
  try {
    await Promise.all(
      bounds.slice(0, -1).map((from, slot) => {
        const params: HogwildParams = { p, seed: c.seed, syn0, syn1, ids, starts, counts: corpus.vocab.counts, total: corpus.vocab.total, counter, stats, slot, from, to: bounds[slot + 1]!, longest: longestSentence(corpus.starts), wasm: wasm ? { memory: wasm.memory, layout: wasm.layout, V } : undefined };
        const w = new Worker(ENTRY, { workerData: { module: MODULE, params } });
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          w.on('message', (m: { type: string; progress?: { epoch: number; loss: number; predictions: number }; error?: string }) => {
            if (m.type === 'progress' && m.progress!.epoch === 0) {
              // The clock starts when the first thread is ready: starting threads is not training.
              if (!started) [started, t0] = [true, performance.now()];
            } else if (m.type === 'progress') {
              const e = epochLoss[m.progress!.epoch - 1]!;
              e.loss += m.progress!.loss;
              e.predictions += m.progress!.predictions;
              e.threads++;
            } else if (m.type === 'done') resolve();
            else if (m.type === 'failed') reject(new Error(m.error));
          });
          w.on('error', reject);
          w.on('exit', () => resolve());
        });
      }),
    );
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  const final = report();
  onProgress?.({ ...final, fraction: stopped ? final.fraction : 1 });
  return {
    vectors: new KeyedVectors(corpus.vocab.words, wasm ? new Float32Array(wasm.buffer(), wasm.layout.syn0, V * p.dim).slice() : new Float32Array(syn0).slice(), p.dim),
    // Only epochs every thread finished: a stopped run reports the epochs it completed.
    lossPerEpoch: epochLoss.filter((e) => e.threads === threads).map((e) => (e.predictions ? e.loss / e.predictions : 0)),
    seconds,
    effectiveWords: final.effective,
    vocabSize: V,
  };
}
