// Skip-gram with negative sampling on the tensor engine, in mini-batches, for a GPU (WebGPU) or
// any other backend: the same objective as the word2vec kernel — for each (centre, context) pair,
// −log σ(u·v) − Σ_k log σ(−u·n_k) — but B pairs at a time, with gradients by autograd and a
// plain SGD step whose rate falls linearly. Pairs, windows, subsampling and noise are drawn on
// the CPU exactly as the kernel draws them. σ-losses are written as a 2-way cross-entropy over
// [0, score] (target 1 for the pair, 0 for noise), which is −log σ(±score). Reached through
// trainWord2Vec with a Backend as its engine; reports once per epoch (one read from the device).
import type { Backend } from '../../tensor/backend.ts';
import { fromArray, fill, noGrad, persist, scope, type Tensor } from '../../tensor/tensor.ts';
import { gatherRows } from '../../tensor/ops/gather.ts';
import { add, mul, mulScalar } from '../../tensor/ops/binary.ts';
import { sum } from '../../tensor/ops/reduce.ts';
import { reshape } from '../../tensor/ops/reshape.ts';
import { concat } from '../../tensor/ops/slice.ts';
import { crossEntropy } from '../../tensor/ops/cross-entropy.ts';
import { sgdStep } from '../../tensor/ops/optim-step.ts';
import { readCorpus } from './vocab.ts';
import { keepProbabilities, noiseTable, drawNoise } from './train.ts';
import { KeyedVectors } from './keyed-vectors.ts';
import type { Word2VecProgressFn, Word2VecEngineResult } from './config.ts';
import { now } from './train-ts.ts';

export interface SgnsOptions {
  dim: number;
  window: number;
  negative: number;
  minCount: number;
  sample: number;
  epochs: number;
  /** Pairs per step. */
  batch: number;
  alpha: number;
  /** Floor of the linear decay (default alpha × 1e-4). */
  minAlpha?: number;
  seed: number;
  /** Called after each epoch (the loss is read from the device once per epoch); false stops. */
  onProgress?: Word2VecProgressFn;
}

export const defaultSgnsOptions: SgnsOptions = { dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: 5, batch: 4096, alpha: 0.025, seed: 1 };

/** All (centre, context) pairs of one epoch, with word2vec's subsampling and shrinking window, and the words kept. */
function epochPairs(ids: Int32Array, starts: Int32Array, keep: Float32Array, window: number, rand: () => number): { pairs: Int32Array; kept: number } {
  const out: number[] = [];
  let kept = 0;
  const sentence: number[] = [];
  for (let s = 0; s + 1 < starts.length; s++) {
    sentence.length = 0;
    for (let i = starts[s]!; i < starts[s + 1]!; i++) if (keep[ids[i]!]! >= 1 || keep[ids[i]!]! > rand()) sentence.push(ids[i]!);
    kept += sentence.length;
    for (let pos = 0; pos < sentence.length; pos++) {
      const b = Math.floor(rand() * window);
      for (let c = Math.max(0, pos - window + b); c <= Math.min(sentence.length - 1, pos + window - b); c++) if (c !== pos) out.push(sentence[pos]!, sentence[c]!);
    }
  }
  return { pairs: Int32Array.from(out), kept };
}

export async function trainSgnsTensor(backend: Backend, text: string, options: Partial<SgnsOptions> = {}): Promise<Word2VecEngineResult> {
  const o = { ...defaultSgnsOptions, ...options };
  const corpus = readCorpus(text, o.minCount);
  const V = corpus.vocab.words.length;
  const D = o.dim;
  let r = o.seed >>> 0 || 1;
  const rand = () => {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    return (r >>> 0) / 4294967296;
  };
  const init = Float32Array.from({ length: V * D }, () => (rand() - 0.5) / D);
  const wIn = persist(fromArray(backend, init, [V, D], 'float32', true));
  const wOut = persist(fromArray(backend, new Float32Array(V * D), [V, D], 'float32', true));
  const velocity = [persist(fill(backend, [V, D], 0)), persist(fill(backend, [V, D], 0))];
  const keep = keepProbabilities(corpus.vocab.counts, corpus.vocab.total, o.sample);
  const noise = noiseTable(corpus.vocab.counts);
  const total = noise[V - 1]!;
  const K = o.negative;
  const lossPerEpoch: number[] = [];
  const minAlpha = o.minAlpha ?? o.alpha * 1e-4;
  let pairsDone = 0;
  const epochs = Array.from({ length: o.epochs }, () => epochPairs(corpus.ids, corpus.starts, keep, o.window, rand));
  const allPairs = epochs.reduce((n, e) => n + e.pairs.length / 2, 0);
  const t0 = now();
  let [effective, stopped] = [0, false];
  for (const [e, { pairs, kept }] of epochs.entries()) {
    const n = pairs.length / 2;
    let lossSum = persist(fill(backend, [], 0)); // summed on the device, read once per epoch
    let batches = 0;
    for (let start = 0; start < n; start += o.batch) {
      const B = Math.min(o.batch, n - start);
      const centres = new Int32Array(B);
      const contexts = new Int32Array(B * (K + 1)); // the true context, then K noise words, per pair
      const targets = new Int32Array(B * (K + 1));
      for (let i = 0; i < B; i++) {
        centres[i] = pairs[2 * (start + i)]!;
        contexts[i * (K + 1)] = pairs[2 * (start + i) + 1]!;
        targets[i * (K + 1)] = 1;
        for (let k = 1; k <= K; k++) contexts[i * (K + 1) + k] = drawNoise(noise, rand() * total);
      }
      const alpha = Math.max(minAlpha, o.alpha * (1 - pairsDone / allPairs));
      const loss = scope(() => {
        const u = reshape(gatherRows(wIn, fromArray(backend, centres, [B], 'int32')), [B, 1, D]); // (B, 1, D)
        const v = reshape(gatherRows(wOut, fromArray(backend, contexts, [B * (K + 1)], 'int32')), [B, K + 1, D]); // (B, K+1, D)
        const scores = reshape(sum(mul(v, u), -1), [B * (K + 1), 1]); // u·v and u·n_k, broadcast over K+1
        const logits = concat([fill(backend, [B * (K + 1), 1], 0), scores], 1);
        const l = crossEntropy(logits, fromArray(backend, targets, [B * (K + 1)], 'int32'));
        mulScalar(l, B * (K + 1)).backward(); // summed over predictions, as word2vec's per-pair SGD
        return l;
      });
      noGrad(() => {
        [wIn, wOut].forEach((w, i) => {
          sgdStep(w, w.grad!, velocity[i]!, { lr: alpha, momentum: 0, weightDecay: 0 });
          w.grad!.dispose();
          w.grad = null;
        });
      });
      pairsDone += B;
      const next = persist(noGrad(() => add(lossSum, loss)));
      lossSum.dispose();
      loss.dispose();
      lossSum = next;
      batches++;
    }
    const epochLoss = (await lossSum.data())[0]! / Math.max(1, batches);
    lossSum.dispose();
    lossPerEpoch.push(epochLoss);
    effective += kept;
    const seconds = (now() - t0) / 1000;
    const report = {
      epoch: e + 1, fraction: (e + 1) / o.epochs, wordsPerSec: ((e + 1) * corpus.vocab.total) / seconds, effectiveWordsPerSec: effective / seconds,
      loss: epochLoss, alpha: Math.max(minAlpha, o.alpha * (1 - pairsDone / allPairs)),
    };
    if (o.onProgress && (await o.onProgress(report)) === false) {
      stopped = true;
      break;
    }
  }
  const vectors = new KeyedVectors(corpus.vocab.words, (await wIn.data()) as Float32Array, D);
  for (const t of [wIn, wOut, ...velocity] as Tensor[]) t.dispose();
  return { vectors, lossPerEpoch, seconds: (now() - t0) / 1000, effectiveWords: effective, vocabSize: V, stopped };
}
