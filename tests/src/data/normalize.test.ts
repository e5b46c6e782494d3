// The one word normalisation: what becomes a word under each option, lines kept, and the Corpora
// page's counts made by the same rule word2vec trains on by default.
import { describe, expect, it } from 'vitest';
import { checkNormalize, countTokens, defaultNormalize, lineTokens, noNormalize, normalizeText } from '../../../src/data/normalize.ts';
import { wordCounts } from '../../../src/data/corpus-stats.ts';

const line = 'The President said, "Money." Don’t pay $1,961 — now!';

describe('normalize', () => {
  it('drops punctuation and folds case by default, keeping inner apostrophes', () => {
    expect(lineTokens(line, defaultNormalize)).toEqual(['the', 'president', 'said', 'money', 'don’t', 'pay', '1', '961', 'now']);
  });

  it('splits punctuation off as tokens, or keeps whitespace tokens untouched', () => {
    expect(lineTokens('Money. "Yes," she said.', { ...defaultNormalize, punctuation: 'split' })).toEqual(['money', '.', '"', 'yes', ',', '"', 'she', 'said', '.']);
    expect(lineTokens(line, noNormalize)).toEqual(['The', 'President', 'said,', '"Money."', 'Don’t', 'pay', '$1,961', '—', 'now!']);
  });

  it('folds digits when asked', () => {
    expect(lineTokens('In 1961 and 1962', { ...defaultNormalize, foldNumbers: true })).toEqual(['in', '0000', 'and', '0000']);
  });

  it('keeps one line per sentence and leaves out lines with no word', () => {
    expect(normalizeText('Hello, World!\n...\nA b.\n', defaultNormalize)).toBe('hello world\na b');
  });

  it('counts "money" and "money." as one word, as the Corpora page does', () => {
    const text = 'money. Money, money\nMONEY';
    expect(countTokens(text, defaultNormalize).get('money')).toBe(4);
    expect([...wordCounts(text)]).toEqual([...countTokens(text, defaultNormalize)]);
    expect(countTokens(text, noNormalize).size).toBe(4);
  });

  it('refuses an unknown punctuation mode by name', () => {
    expect(() => checkNormalize({ ...defaultNormalize, punctuation: 'strip' as never })).toThrow(/punctuation must be drop, split or keep, got "strip"/);
  });
});
