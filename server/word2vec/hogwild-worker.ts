// One Hogwild thread of parallel word2vec training (run by server/jobs/worker-entry.js): the
// shared arrays come in through workerData, this thread trains its share of the sentences for
// every epoch — with the wasm SIMD kernel on shared wasm memory (negative sampling), or the JS
// kernel (hierarchical softmax) — adds the words it read to the shared counter, and reports
// that it is ready (as epoch 0), then each epoch's loss.
import { huffman } from '../../src/models/word2vec/huffman.ts';
import { kernelScratch, keepProbabilities, noiseTable, trainSentences, type TrainParams, type TrainState } from '../../src/models/word2vec/train.ts';
import { trainArgs, type Word2VecLayout } from '../../src/models/word2vec/wasm-layout.ts';
import { instantiateKernels } from '../../src/tensor/backends/wasm/wasm-module.ts';

export interface HogwildParams {
  p: TrainParams;
  seed: number;
  syn0: SharedArrayBuffer;
  syn1: SharedArrayBuffer;
  ids: SharedArrayBuffer;
  starts: SharedArrayBuffer;
  counts: Float64Array;
  total: number;
  /** Int32 [words read by all threads]; Float64 per thread [loss, predictions, effective words]. */
  counter: SharedArrayBuffer;
  stats: SharedArrayBuffer;
  slot: number;
  from: number;
  to: number;
  longest: number;
  /** Train with the wasm SIMD kernel on this shared memory (negative sampling) instead of the JS one. */
  wasm?: { memory: unknown; layout: Word2VecLayout; V: number };
}

const CHUNK = 200;

async function runWasm(h: HogwildParams, onProgress: (m: { epoch: number; loss: number; predictions: number }) => void): Promise<null> {
  const { memory, layout: l, V } = h.wasm!;
  const k = await instantiateKernels(memory, true);
  const stats = new Float64Array(h.stats, h.slot * 24, 3);
  const totalWords = h.total * h.p.epochs;
  const args = trainArgs(l, h.slot, h.p, totalWords);
  k.w2vBegin((h.seed + 7919 * (h.slot + 1)) >>> 0, l.tables);
  onProgress({ epoch: 0, loss: 0, predictions: 0 });
  let effective = 0;
  for (let epoch = 1; epoch <= h.p.epochs; epoch++) {
    const [loss0, pred0] = [k.w2vLoss(), k.w2vPredictions()];
    for (let s = h.from; s < h.to; s += CHUNK) {
      effective += k.w2vTrain(l.syn0, l.syn1, l.keep, l.noise, V, h.p.dim, l.ids, l.starts, s, Math.min(h.to, s + CHUNK), ...args);
      [stats[0], stats[1], stats[2]] = [k.w2vLoss(), k.w2vPredictions(), effective];
    }
    onProgress({ epoch, loss: k.w2vLoss() - loss0, predictions: k.w2vPredictions() - pred0 });
  }
  return null;
}

export async function run(h: HogwildParams, onProgress: (m: { epoch: number; loss: number; predictions: number }) => void): Promise<null> {
  if (h.wasm) return runWasm(h, onProgress);
  const V = h.counts.length;
  const st: TrainState = {
    V, syn0: new Float32Array(h.syn0), syn1: new Float32Array(h.syn1),
    keep: keepProbabilities(h.counts, h.total, h.p.sample), noise: noiseTable(h.counts), tree: h.p.loss === 'hs' ? huffman(h.counts) : null,
  };
  const ids = new Int32Array(h.ids);
  const starts = new Int32Array(h.starts);
  const counter = new Int32Array(h.counter);
  const stats = new Float64Array(h.stats, h.slot * 24, 3);
  const totalWords = h.total * h.p.epochs;
  const progress = { totalWords, advance: (n: number) => Atomics.add(counter, 0, n) + n };
  const sc = kernelScratch(h.p.dim, h.seed + 7919 * (h.slot + 1), h.longest);
  onProgress({ epoch: 0, loss: 0, predictions: 0 });
  for (let epoch = 1; epoch <= h.p.epochs; epoch++) {
    let loss = 0;
    let predictions = 0;
    for (let s = h.from; s < h.to; s += CHUNK) {
      trainSentences(st, h.p, ids, starts, s, Math.min(h.to, s + CHUNK), sc, progress);
      stats[0]! += sc.loss;
      stats[1]! += sc.predictions;
      stats[2] = sc.effective;
      loss += sc.loss;
      predictions += sc.predictions;
      sc.loss = 0;
      sc.predictions = 0;
    }
    onProgress({ epoch, loss, predictions });
  }
  return null;
}
