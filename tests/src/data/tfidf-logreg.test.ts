// The tf-idf + logistic regression baseline: scikit-learn's tf-idf weighting on a worked example,
// and a classifier that learns which words mark which class.
import { describe, expect, it } from 'vitest';
import { TfidfLogReg, TfidfVectorizer, defaultTfidfOptions } from '../../../src/data/tfidf-logreg.ts';
import { argmaxRows } from '../../../src/data/classification-metrics.ts';
import { Rng } from '../../../src/nn/random.ts';

describe('tf-idf', () => {
  it('weights terms as (1 + ln tf)·(ln((1+N)/(1+df)) + 1), rows of unit length', () => {
    const v = TfidfVectorizer.fit(['cat cat dog', 'dog bird', 'bird bird bird'], { maxFeatures: 10, minDf: 1, bigrams: false });
    const row = v.transform('cat cat dog');
    const idf = (df: number) => Math.log(4 / (1 + df)) + 1;
    const raw = [(1 + Math.log(2)) * idf(1), idf(2)]; // cat, dog
    const norm = Math.hypot(...raw);
    const got = Array.from(row.val).sort((a, b) => b - a);
    expect(got[0]).toBeCloseTo(raw[0]! / norm, 5);
    expect(got[1]).toBeCloseTo(raw[1]! / norm, 5);
  });
});

describe('TfidfLogReg', () => {
  it('learns which words mark which class', () => {
    const rng = new Rng(3);
    const vocab = { sport: ['goal', 'match', 'team', 'score'], money: ['bank', 'price', 'loan', 'cash'], both: ['the', 'a', 'today', 'news'] };
    const make = (k: 0 | 1, n: number) =>
      Array.from({ length: n }, () => Array.from({ length: 8 }, () => (rng.next() < 0.5 ? vocab.both : k === 0 ? vocab.sport : vocab.money)[Math.floor(rng.next() * 4)]).join(' '));
    const set = (n: number) => ({ texts: [...make(0, n), ...make(1, n)], labels: Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? 0 : 1)) });
    const [train, val, test] = [set(60), set(20), set(20)];
    const model = TfidfLogReg.train(train, val, 2, { ...defaultTfidfOptions, minDf: 1 });
    const predicted = argmaxRows(model.predictProba(test.texts), 2);
    const correct = predicted.filter((p, i) => p === test.labels[i]).length;
    expect(correct / test.texts.length).toBeGreaterThan(0.95);
    expect(defaultTfidfOptions.l2).toContain(model.l2);
  });

  it('refuses a corpus where no word is frequent enough', () => {
    expect(() => TfidfLogReg.train({ texts: ['a', 'b'], labels: [0, 1] }, { texts: ['a'], labels: [0] }, 2, { ...defaultTfidfOptions, minDf: 2 })).toThrow(/no word occurs in 2 or more/);
  });
});
