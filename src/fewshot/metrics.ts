// Scores of a classifier's predictions (label indices): accuracy, macro-F1 (the mean of each
// label's F1; a label never predicted and never true is left out, one with no true positives
// scores 0), mean and spread over runs, and the majority-class and uniform-random baselines.
// Reference: scikit-learn's f1_score(average="macro") for the same definition.
import { Rng } from '../nn/random.ts';

export function accuracy(gold: readonly number[], pred: readonly number[]): number {
  if (gold.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return ok / gold.length;
}

export function macroF1(gold: readonly number[], pred: readonly number[], labels: number): number {
  let total = 0;
  let counted = 0;
  for (let c = 0; c < labels; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    if (tp + fp + fn === 0) continue;
    total += (2 * tp) / (2 * tp + fp + fn);
    counted++;
  }
  return counted === 0 ? 0 : total / counted;
}

export interface Stat {
  mean: number;
  /** Sample standard deviation (0 for one value). */
  std: number;
  min: number;
  max: number;
}

export function stat(values: readonly number[]): Stat {
  if (values.length === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const v = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(v), min: Math.min(...values), max: Math.max(...values) };
}

export interface Baselines {
  /** Always the pool's most frequent label (ties: the first in label order). */
  majority: { label: number; accuracy: number; macroF1: number };
  /** A uniformly random label per query, averaged over `repeats` seeded draws. */
  random: { accuracy: number; macroF1: number };
}

export function baselines(gold: readonly number[], poolLabels: readonly number[], labels: number, seed = 0, repeats = 200): Baselines {
  const counts = new Array<number>(labels).fill(0);
  for (const l of poolLabels) counts[l]!++;
  const label = counts.indexOf(Math.max(...counts));
  const always = gold.map(() => label);
  const rng = new Rng(seed);
  let acc = 0;
  let f1 = 0;
  for (let r = 0; r < repeats; r++) {
    const guess = gold.map(() => Math.floor(rng.next() * labels));
    acc += accuracy(gold, guess);
    f1 += macroF1(gold, guess, labels);
  }
  return {
    majority: { label, accuracy: accuracy(gold, always), macroF1: macroF1(gold, always, labels) },
    random: { accuracy: acc / repeats, macroF1: f1 / repeats },
  };
}
