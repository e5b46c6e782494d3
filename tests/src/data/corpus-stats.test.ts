import { describe, expect, it } from 'vitest';
import { corpusStats, countLines, topWords, utf8Length, wordCounts } from '../../../src/data/corpus-stats.ts';

describe('corpus statistics', () => {
  it('counts UTF-8 bytes like Buffer does, including astral characters and lone surrogates', () => {
    for (const s of ['', 'abc', 'é', '日本語', '👩‍👩‍👧', 'a\uD800b', 'x\uDC00']) {
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });

  it('counts lines with and without a final newline', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('one')).toBe(1);
    expect(countLines('one\n')).toBe(1);
    expect(countLines('one\ntwo')).toBe(2);
    expect(countLines('\n\n')).toBe(2);
  });

  it('case-folds words and keeps inner apostrophes', () => {
    const counts = wordCounts("The cat's hat. the CAT, 42 cats — café");
    expect([...counts]).toEqual([
      ['the', 2], ["cat's", 1], ['hat', 1], ['cat', 1], ['42', 1], ['cats', 1], ['café', 1],
    ]);
  });

  it('ranks top words by count, ties by first occurrence', () => {
    const counts = wordCounts('b a c a b d');
    expect(topWords(counts, 3)).toEqual([
      { word: 'b', count: 2 },
      { word: 'a', count: 2 },
      { word: 'c', count: 1 },
    ]);
  });

  it('summarizes the classic BPE corpus', () => {
    const text = 'low low low low low\nlowest lowest\nnewer newer newer newer newer newer\nwider wider wider\nnew new\n';
    expect(corpusStats(text)).toEqual({ bytes: text.length, lines: 5, words: 18, uniqueWords: 5 });
  });
});
