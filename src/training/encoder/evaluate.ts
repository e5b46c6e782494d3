// Evaluating an encoder: class probabilities of encoded texts (batched by length, so most batches
// need no padding), the report on a split (accuracy, per-class P/R/F1, macro-F1, confusion matrix,
// misclassified examples with their probabilities), and the held-out masked-LM loss and
// masked-token accuracy on fixed masks.
import { fromArray, noGrad, scope } from '../../tensor/tensor.ts';
import { softmax } from '../../tensor/ops/softmax.ts';
import type { Bert } from '../../models/bert/bert.ts';
import { argmaxRows, classificationReport, type ClassificationReport } from '../../data/classification-metrics.ts';
import { chunks, padBatch, type PaddedBatch } from './batches.ts';
import type { MlmBatch } from './masking.ts';

export interface Misclassified {
  /** Index of the example in the corpus. */
  index: number;
  label: string;
  predicted: string;
  /** Every class's probability. */
  probs: Record<string, number>;
}

export interface SplitReport extends ClassificationReport {
  misclassified: Misclassified[];
}

/** Probabilities (n × K) of the sequences, in their order. */
export async function classProbabilities(model: Bert, seqs: readonly Int32Array[], batchSize: number): Promise<Float32Array> {
  const K = model.config.labels.length;
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[a]!.length - seqs[b]!.length);
  const out = new Float32Array(seqs.length * K);
  const wasTraining = model.training;
  model.eval();
  for (const part of chunks(order, batchSize)) {
    const b = padBatch(part.map((i) => seqs[i]!), model.config.padTokenId);
    const probs = scope(() => noGrad(() => softmax(model.forward(fromArray(model.backend, b.ids, [b.B, b.T], 'int32'), { task: 'classify', lengths: b.lengths ?? undefined }).logits)));
    const values = (await probs.data()) as Float32Array;
    probs.dispose();
    part.forEach((i, r) => out.set(values.subarray(r * K, r * K + K), i * K));
  }
  model.train(wasTraining);
  return out;
}

/** The report on the examples `indices` (their labels in `labels`), with up to maxMisclassified errors listed. */
export function splitReport(labelNames: readonly string[], indices: readonly number[], labels: ArrayLike<number>, probs: Float32Array, maxMisclassified = 200): SplitReport {
  const K = labelNames.length;
  const predicted = argmaxRows(probs, K);
  const truth = indices.map((i) => labels[i]!);
  const report = classificationReport(labelNames, truth, predicted);
  const misclassified: Misclassified[] = [];
  indices.forEach((index, r) => {
    if (predicted[r] === truth[r] || misclassified.length >= maxMisclassified) return;
    const p = Object.fromEntries(labelNames.map((l, k) => [l, probs[r * K + k]!]));
    misclassified.push({ index, label: labelNames[truth[r]!]!, predicted: labelNames[predicted[r]!]!, probs: p });
  });
  return { ...report, misclassified };
}

export interface MlmEvalBatch {
  batch: PaddedBatch;
  masked: MlmBatch;
}

/** Mean masked-LM loss (per predicted token) and masked-token accuracy over fixed masked batches. */
export async function mlmEvaluate(model: Bert, batches: readonly MlmEvalBatch[]): Promise<{ loss: number; accuracy: number }> {
  const wasTraining = model.training;
  model.eval();
  let [lossSum, correct, count] = [0, 0, 0];
  for (const { batch: b, masked } of batches) {
    const n = masked.positions.length;
    const { loss, logits } = scope(() => noGrad(() => model.forward(fromArray(model.backend, masked.input, [b.B, b.T], 'int32'), {
      task: 'mlm', lengths: b.lengths ?? undefined,
      positions: fromArray(model.backend, masked.positions, [n], 'int32'), labels: fromArray(model.backend, masked.labels, [n], 'int32'),
    })));
    lossSum += (await loss!.data())[0]! * n;
    const top = argmaxRows(await logits.data(), model.config.vocabSize);
    top.forEach((id, i) => (correct += id === masked.labels[i] ? 1 : 0));
    count += n;
    loss!.dispose();
    logits.dispose();
  }
  model.train(wasTraining);
  return { loss: lossSum / count, accuracy: correct / count };
}
