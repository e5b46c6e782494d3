// Word vectors after training: queries, formats and evaluation. Text and binary files round
// trip and a file whose header lies or that is cut short is refused before allocating; analogy
// files report per-section accuracy and coverage; Spearman's ρ handles ties.
import { describe, expect, it } from 'vitest';
import {
  evaluateAnalogies, evaluatePairs, fromWord2VecBinary, fromWord2VecText, KeyedVectors, pca2, plantedCorpus, spearman, toWord2VecBinary, toWord2VecText, trainWord2Vec,
} from '../../../../src/models/word2vec/index.ts';

const planted = plantedCorpus();
const trained = await trainWord2Vec(planted.text, { arch: 'sg', dim: 20, minCount: 1, epochs: 10, sample: 0 });
const kv = trained.vectors;

describe('queries', () => {
  it('finds neighbours without the word itself, within a restricted vocabulary', () => {
    const n = kv.mostSimilar('country3', 5);
    expect(n).toHaveLength(5);
    expect(n.map((x) => x.word)).not.toContain('country3');
    expect(n[0]!.score).toBeGreaterThanOrEqual(n[4]!.score);
    expect(kv.mostSimilar('country3', 50, 10).every((x) => kv.index.get(x.word)! < 10)).toBe(true);
    expect(kv.similarity('country3', 'country3')).toBeCloseTo(1, 5);
  });

  it('solves analogies by 3CosAdd and 3CosMul and finds the odd one out', () => {
    expect(kv.analogy('country0', 'capital0', 'country5')[0]!.word).toBe('capital5');
    expect(kv.analogy('country0', 'capital0', 'country5', 'mul')[0]!.word).toBe('capital5');
    expect(kv.oddOneOut(['country1', 'country2', 'country3', 'language7'])).toBe('language7');
    expect(() => kv.mostSimilar('atlantis')).toThrow(/"atlantis" is not in the vocabulary/);
  });

  it('projects to 2-D along the main axes', () => {
    const rows = Float32Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? i : i % 4 === 1 ? 2 * i : 0.001 * (i % 3))); // 10 rows of 4
    const xy = pca2(rows, 10, 4);
    expect(xy).toHaveLength(20);
    const spread = (c: number) => Math.max(...Array.from({ length: 10 }, (_, i) => Math.abs(xy[i * 2 + c]!)));
    expect(spread(0)).toBeGreaterThan(100 * spread(1));
  });
});

describe('files', () => {
  it('round-trips the text and binary formats', () => {
    const small = new KeyedVectors(['ünï', 'b'], Float32Array.from([0.5, -1.25, 3e-8, 2]), 2);
    for (const back of [fromWord2VecText(toWord2VecText(small)), fromWord2VecBinary(toWord2VecBinary(small))]) {
      expect(back.words).toEqual(['ünï', 'b']);
      expect(Array.from(back.vectors)).toEqual(Array.from(small.vectors));
    }
    expect(toWord2VecText(small).split('\n')[0]).toBe('2 2');
  });

  it('refuses files whose header lies or that are truncated', () => {
    const bin = toWord2VecBinary(kv);
    expect(() => fromWord2VecBinary(bin.subarray(0, bin.length - 10))).toThrow(/cut off|truncated/);
    const lying = new Uint8Array([...new TextEncoder().encode('999999999 300\n'), ...bin.subarray(bin.indexOf(10) + 1)]);
    expect(() => fromWord2VecBinary(lying)).toThrow(/header says 999999999 words of 300 dimensions/);
    expect(() => fromWord2VecBinary(new TextEncoder().encode('not a header\n'))).toThrow(/first line must be/);
    const text = toWord2VecText(kv).split('\n');
    expect(() => fromWord2VecText(text.slice(0, 5).join('\n'))).toThrow(/header says \d+ words but the file has 4 vector lines/);
    expect(() => fromWord2VecText(`1 3\nword 1 2\n`)).toThrow(/line 2 has 2 numbers, the header says 3/);
    expect(() => fromWord2VecText(`0 3\n`)).toThrow(/both must be ≥ 1/);
  });
});

describe('evaluation', () => {
  it('reports analogy accuracy per section with coverage', () => {
    const file = [': capitals', ...planted.analogies.filter((_, i) => i % 2 === 0).map((q) => q.join(' ')), 'country1 capital1 atlantis capital9', ': languages', ...planted.analogies.filter((_, i) => i % 2 === 1).map((q) => q.join(' '))].join('\n');
    const r = evaluateAnalogies(kv, file);
    expect(r.sections.map((s) => s.name)).toEqual(['capitals', 'languages']);
    expect(r.total).toBe(planted.analogies.length);
    expect(r.skipped).toBe(1);
    expect(r.coverage).toBeCloseTo(r.total / (r.total + 1), 10);
    expect(r.accuracy).toBeGreaterThan(0.9);
  });

  it('computes Spearman ρ with ties and pair coverage', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486832980505138, 10);
    const pairs = evaluatePairs(kv, 'Word 1\tWord 2\tHuman (mean)\ncountry1\tcountry2\t9\ncountry1\tt1a\t8\ncountry1\tzebra\t5\ncountry1\tthe\t1\n');
    expect(pairs.pairs).toBe(3);
    expect(pairs.skipped).toBe(1);
    expect(Number.isFinite(pairs.spearman)).toBe(true);
  });
});
