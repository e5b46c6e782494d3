// Classification metrics from true and predicted class ids: accuracy, per-class precision,
// recall, F1 and support, macro-F1 (the unweighted mean over classes, so a rare class counts as
// much as a common one), and the confusion matrix (rows = true class, columns = predicted).
// A class never predicted has precision 0 (scikit-learn's zero_division=0). Reference: Jurafsky & Martin ch. 4.

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Examples of this class in the set. */
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

export function classificationReport(labels: readonly string[], truth: ArrayLike<number>, predicted: ArrayLike<number>): ClassificationReport {
  const K = labels.length;
  if (truth.length !== predicted.length) throw new Error(`${truth.length} true labels but ${predicted.length} predictions`);
  if (truth.length === 0) throw new Error('no examples to score');
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const [t, p] = [truth[i]!, predicted[i]!];
    if (!(t >= 0 && t < K && p >= 0 && p < K)) throw new Error(`class id out of range at example ${i}: true ${t}, predicted ${p} (${K} classes)`);
    confusion[t]![p]!++;
    if (t === p) correct++;
  }
  const perClass = labels.map((label, k) => {
    const tp = confusion[k]![k]!;
    const support = confusion[k]!.reduce((a, b) => a + b, 0);
    const predictedK = confusion.reduce((a, row) => a + row[k]!, 0);
    const precision = predictedK ? tp / predictedK : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  return { accuracy: correct / truth.length, macroF1: perClass.reduce((a, c) => a + c.f1, 0) / K, perClass, confusion };
}

/** The index of the largest value in each row of a (rows × k) array. */
export function argmaxRows(values: ArrayLike<number>, k: number): Int32Array {
  const out = new Int32Array(values.length / k);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (values[r * k + j]! > values[r * k + best]!) best = j;
    out[r] = best;
  }
  return out;
}
