// word2vec's word normalisation (one config field each: lowercase, punctuation, foldNumbers; the
// same rules as the Corpora page's counts) and its warnings for degenerate runs. Issue 18 §1:
// "money" and "money." were different words, and a useless run reported success.
import { describe, expect, it } from 'vitest';
import { trainWord2Vec, defaultWord2VecConfig, plantedCorpus } from '../../../../src/models/word2vec/index.ts';
import { countTokens, defaultNormalize } from '../../../../src/data/normalize.ts';
import { word2vecFieldSchemas } from '../../../../src/contract/word2vec.ts';

const glued = Array.from({ length: 40 }, (_, i) => `Money, said the Bank. money is money. The bank's MONEY ${1900 + (i % 3)}!`).join('\n');
const small = { dim: 8, epochs: 1, minCount: 1, sample: 0 };

describe('word2vec normalisation', () => {
  it('is on by default and matches the Corpora page (lower case, punctuation dropped)', async () => {
    expect(defaultWord2VecConfig).toMatchObject(defaultNormalize);
    expect(defaultWord2VecConfig.arch).toBe('sg'); // skip-gram: better neighbours on Brown's 1M words
    const r = await trainWord2Vec(glued, small);
    const words = new Set(r.vectors.words);
    expect(words.has('money')).toBe(true);
    for (const w of ['money.', 'Money,', 'MONEY', 'bank.', '1901!']) expect(words.has(w)).toBe(false);
    expect(words).toEqual(new Set(countTokens(glued, defaultNormalize).keys()));
  });

  it('can be switched: punctuation kept or split off, case kept, numbers folded', async () => {
    const kept = await trainWord2Vec(glued, { ...small, lowercase: false, punctuation: 'keep' });
    expect(kept.vectors.has('money.')).toBe(true);
    expect(kept.vectors.has('MONEY')).toBe(true);
    const split = await trainWord2Vec(glued, { ...small, punctuation: 'split' });
    expect(split.vectors.has(',')).toBe(true);
    expect(split.vectors.has('money.')).toBe(false);
    const folded = await trainWord2Vec(glued, { ...small, foldNumbers: true });
    expect(folded.vectors.has('0000')).toBe(true);
    expect(folded.vectors.has('1901')).toBe(false);
  });

  it('refuses a bad choice by name', async () => {
    await expect(trainWord2Vec(glued, { ...small, punctuation: 'strip' as 'drop' })).rejects.toThrow(/punctuation must be drop, split or keep/);
    expect(word2vecFieldSchemas.punctuation.safeParse('split').success).toBe(true);
    expect(word2vecFieldSchemas.lowercase.safeParse('yes').success).toBe(false);
  });
});

describe('word2vec warnings', () => {
  it('warns when the vocabulary is a few words', async () => {
    const r = await trainWord2Vec('a b c\nb c a\nc a b\n', small);
    expect(r.warnings.join('\n')).toMatch(/vocabulary has only 3 words \(min-count 1\)/);
  });

  it('warns when the vectors collapsed (frequent words all at cosine ≈ 1), not when they are healthy', async () => {
    const { text } = plantedCorpus();
    const r = await trainWord2Vec(text, { arch: 'cbow', dim: 20, minCount: 1, sample: 0, epochs: 1, alpha: 1 });
    const healthy = await trainWord2Vec(text, { arch: 'sg', dim: 20, minCount: 1, sample: 0, epochs: 10 });
    expect(healthy.warnings).toEqual([]);
    const probe = r.vectors.words.slice(0, 20);
    const cosines = probe.flatMap((a, i) => probe.slice(i + 1).map((b) => r.vectors.similarity(a, b)));
    const mean = cosines.reduce((x, y) => x + y, 0) / cosines.length;
    expect(r.warnings.some((w) => /collapsed/.test(w))).toBe(mean > 0.99);
  }, 120_000);
});
