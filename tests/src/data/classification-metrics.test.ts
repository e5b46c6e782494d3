// Classification metrics against a hand-worked example (Jurafsky & Martin's style of 3-class table).
import { describe, expect, it } from 'vitest';
import { argmaxRows, classificationReport } from '../../../src/data/classification-metrics.ts';

describe('classificationReport', () => {
  it('gives accuracy, per-class P/R/F1, macro-F1 and the confusion matrix', () => {
    // truth:     a a a a b b c c c c
    // predicted: a a b c b b c c a a
    const r = classificationReport(['a', 'b', 'c'], [0, 0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 0, 1, 2, 1, 1, 2, 2, 0, 0]);
    expect(r.confusion).toEqual([[2, 1, 1], [0, 2, 0], [2, 0, 2]]);
    expect(r.accuracy).toBeCloseTo(0.6);
    // a: P = 2/4, R = 2/4, F1 = 0.5; b: P = 2/3, R = 1, F1 = 0.8; c: P = 2/3, R = 2/4, F1 = 4/7.
    expect(r.perClass.map((c) => [c.precision, c.recall, c.f1, c.support].map((x) => +x.toFixed(4)))).toEqual([
      [0.5, 0.5, 0.5, 4], [0.6667, 1, 0.8, 2], [0.6667, 0.5, 0.5714, 4],
    ]);
    expect(r.macroF1).toBeCloseTo((0.5 + 0.8 + 4 / 7) / 3);
  });

  it('gives a class never predicted precision 0, and refuses bad input', () => {
    expect(classificationReport(['x', 'y'], [0, 1], [0, 0]).perClass[1]).toEqual({ label: 'y', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(() => classificationReport(['x'], [0], [0, 0])).toThrow(/1 true labels but 2 predictions/);
    expect(() => classificationReport(['x'], [0], [3])).toThrow(/out of range/);
  });

  it('argmaxRows picks the first largest per row', () => {
    expect(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.5, 0], 3))).toEqual([1, 0]);
  });
});
