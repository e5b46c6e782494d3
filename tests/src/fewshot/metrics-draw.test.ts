// The sweep's arithmetic on hand-worked cases: accuracy, macro-F1, mean and spread, baselines,
// dividing out a bias; and its seeded draws: balanced, skewed and random demonstrations,
// stratified held-out queries, and the errors for k over the pool or a label too rare.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/nn/random.ts';
import { accuracy, baselines, calibrate, drawExamples, holdOut, macroF1, stat } from '../../../src/fewshot/index.ts';

describe('metrics', () => {
  it('accuracy and macro-F1 on a hand-worked case', () => {
    const gold = [0, 0, 1, 1, 2];
    const pred = [0, 1, 1, 1, 0];
    expect(accuracy(gold, pred)).toBe(3 / 5);
    // F1: label 0 = 2·1/(2·1+1+1) = 0.5, label 1 = 2·2/(2·2+1+0) = 0.8, label 2 = 0 (never predicted right)
    expect(macroF1(gold, pred, 3)).toBeCloseTo((0.5 + 0.8 + 0) / 3, 12);
    // A label neither true nor predicted is left out of the mean.
    expect(macroF1([0, 1], [0, 1], 3)).toBe(1);
  });

  it('mean and sample spread', () => {
    expect(stat([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3), min: 1, max: 4 });
    expect(stat([0.7]).std).toBe(0);
  });

  it('majority and random baselines', () => {
    const b = baselines([0, 1, 1, 1], [1, 1, 0], 2, 7, 2000);
    expect(b.majority).toEqual({ label: 1, accuracy: 0.75, macroF1: (0 + 2 * 3 / (2 * 3 + 1)) / 2 });
    expect(b.random.accuracy).toBeCloseTo(0.5, 1);
  });

  it('divides out the bias and renormalises', () => {
    expect(calibrate([0.8, 0.2], [0.8, 0.2])).toEqual([0.5, 0.5]);
    const q = calibrate([0.6, 0.4], [0.9, 0.1]);
    expect(q[0]).toBeCloseTo(0.6 / 0.9 / (0.6 / 0.9 + 4), 12);
    expect(() => calibrate([0.5, 0.5], [1])).toThrow(/2 label probabilities but a bias over 1 labels/);
  });
});

describe('drawing examples', () => {
  const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2]; // six of label 0, three of 1, one of 2

  it('balanced draws spread the labels as evenly as k allows', () => {
    for (let seed = 0; seed < 20; seed++) {
      const k = 5;
      const picked = drawExamples(labels, 3, k, 'balanced', new Rng(seed));
      expect(new Set(picked).size).toBe(k);
      const counts = [0, 1, 2].map((l) => picked.filter((i) => labels[i] === l).length);
      expect(counts.every((c) => c === 1 || c === 2)).toBe(true);
    }
    expect(() => drawExamples(labels, 3, 6, 'balanced', new Rng(0))).toThrow(/needs 2 examples of label 3, the pool has 1/);
    expect(() => drawExamples(labels, 3, 9, 'balanced', new Rng(0))).toThrow(/needs 3 examples of label 3, the pool has 1/);
    // Label 3 has one example: the remainder of k = 5 goes to the two labels that have more.
    for (let seed = 0; seed < 10; seed++) expect(drawExamples(labels, 3, 5, 'balanced', new Rng(seed)).filter((i) => labels[i] === 2)).toHaveLength(1);
  });

  it('skewed draws take every example from the given label; random ones from anywhere, without repeats', () => {
    expect(drawExamples(labels, 3, 3, 'skewed', new Rng(1), 1).map((i) => labels[i]).sort()).toEqual([1, 1, 1]);
    expect(() => drawExamples(labels, 3, 2, 'skewed', new Rng(1), 2)).toThrow(/label 3 has only 1 in the pool/);
    const r = drawExamples(labels, 3, 10, 'random', new Rng(2));
    expect([...r].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(drawExamples(labels, 3, 4, 'random', new Rng(3))).toEqual(drawExamples(labels, 3, 4, 'random', new Rng(3)));
    expect(() => drawExamples(labels, 3, 11, 'random', new Rng(0))).toThrow(/k = 11 is larger than the pool of 10 examples/);
    expect(() => drawExamples(labels, 3, -1, 'random', new Rng(0))).toThrow(/k must be a whole number/);
  });

  it('holds out queries with the corpus’s label shares, apart from the pool', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ label: i < 15 ? 'ham' : 'spam', text: `mail ${i}` }));
    const { pool, queries } = holdOut(items, 8, new Rng(4));
    expect(queries).toHaveLength(8);
    expect(pool).toHaveLength(12);
    expect(queries.filter((q) => q.label === 'spam')).toHaveLength(2);
    expect(new Set([...pool, ...queries].map((x) => x.text)).size).toBe(20);
    expect(() => holdOut(items, 20, new Rng(0))).toThrow(/hold out 1…19 queries/);
  });
});
