// Stratified splits: every label in every split in about its share, the same split for the same
// seed and another for another seed, groups kept whole, and clear errors for corpora that cannot be split.
import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../../src/data/stratified-split.ts';

const labels = [...new Array<string>(80).fill('ham'), ...new Array<string>(20).fill('spam')];
const opts = { valFraction: 0.1, testFraction: 0.2, seed: 7 };

describe('stratifiedSplit', () => {
  it('keeps each label in its share in every split, each example once', () => {
    const s = stratifiedSplit(labels, opts);
    const count = (idx: number[], l: string) => idx.filter((i) => labels[i] === l).length;
    expect([count(s.test, 'ham'), count(s.test, 'spam')]).toEqual([16, 4]);
    expect([count(s.val, 'ham'), count(s.val, 'spam')]).toEqual([8, 2]);
    expect([...s.train, ...s.val, ...s.test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });

  it('is fixed by the seed', () => {
    expect(stratifiedSplit(labels, opts)).toEqual(stratifiedSplit(labels, opts));
    expect(stratifiedSplit(labels, { ...opts, seed: 8 }).test).not.toEqual(stratifiedSplit(labels, opts).test);
  });

  it('keeps a group on one side', () => {
    const groups = labels.map((_, i) => Math.floor(i / 5)); // 20 groups of 5, one label each
    const s = stratifiedSplit(labels, { ...opts, groups });
    const side = new Map<number, string>();
    for (const part of ['train', 'val', 'test'] as const) {
      for (const i of s[part]) {
        expect(side.get(groups[i]!) ?? part).toBe(part);
        side.set(groups[i]!, part);
      }
    }
    expect(new Set(s.test.map((i) => labels[i]))).toEqual(new Set(['ham', 'spam']));
  });

  it('refuses corpora it cannot split', () => {
    expect(() => stratifiedSplit(new Array<string>(10).fill('ham'), opts)).toThrow(/at least two labels; the corpus has only "ham"/);
    expect(() => stratifiedSplit([...labels, 'eggs', 'eggs'], opts)).toThrow(/label "eggs" has 2 examples; it needs at least 3/);
    expect(() => stratifiedSplit(['a', 'a', 'b', 'b'], { ...opts, groups: [1, 1, 1, 2] })).toThrow(/group 1 has examples labelled "a" and "b"/);
    expect(() => stratifiedSplit(labels, { ...opts, testFraction: 0.95 })).toThrow(/sum below 1/);
  });
});
