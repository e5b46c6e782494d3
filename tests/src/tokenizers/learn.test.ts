import { describe, expect, it } from 'vitest';
import { learnBpe, TokenizerError, type LearnProgress } from '../../../src/tokenizers/index.ts';
import { bpeClassicText } from '../../../corpora/manifest.ts';
import { brownText } from '../../../corpora/brown.ts';

describe('BPE token learner, word mode', () => {
  it('learns the eight textbook merges in order, ties broken by first occurrence', () => {
    const tok = learnBpe(bpeClassicText(), { mode: 'word', merges: 8 });
    expect(tok.merges.map((m) => m.join(' '))).toEqual(['e r', 'er _', 'n e', 'ne w', 'l o', 'lo w', 'new er_', 'low _']);
  });

  it('starts from every character plus the end-of-word symbol', () => {
    const tok = learnBpe(bpeClassicText(), { mode: 'word', merges: 0 });
    expect([...Array(tok.vocabSize).keys()].map((i) => tok.idToToken(i))).toEqual(['l', 'o', 'w', '_', 'e', 's', 't', 'n', 'r', 'i', 'd']);
  });

  it('stops exactly at the requested vocabulary size, special tokens included', () => {
    const tok = learnBpe(bpeClassicText(), { mode: 'word', vocabSize: 15, specialTokens: ['[UNK]'] });
    expect(tok.vocabSize).toBe(15);
    expect(tok.idToToken(14)).toBe('[UNK]');
  });
});

describe('BPE token learner, byte mode', () => {
  const sample = brownText().slice(0, 400_000);

  it('learns over the 256 byte symbols and reports progress', () => {
    const seen: LearnProgress[] = [];
    const tok = learnBpe(sample, { mode: 'byte', vocabSize: 600, specialTokens: ['<|endoftext|>'], onProgress: (p) => seen.push(p) });
    expect(tok.vocabSize).toBe(600);
    expect(tok.idToToken(599)).toBe('<|endoftext|>');
    expect(tok.merges.length).toBeGreaterThanOrEqual(343);
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.merges).toBeGreaterThan(seen[i - 1]!.merges);
      expect(seen[i]!.charsPerToken).toBeGreaterThanOrEqual(seen[i - 1]!.charsPerToken);
    }
    expect(seen.at(-1)!.vocabSize).toBe(600);
    expect(seen.at(-1)!.charsPerToken).toBeGreaterThan(2);
  });

  it('never merges across pre-tokens, so no token holds a space after a letter', () => {
    const tok = learnBpe(sample, { mode: 'byte', merges: 300 });
    for (let id = 256; id < tok.vocabSize; id++) expect(tok.idToToken(id)).not.toMatch(/[a-z]Ġ/);
  });

  it('compresses: chars per token on held-out text grows with the merges', () => {
    const held = brownText().slice(500_000, 560_000);
    const ratio = (merges: number) => held.length / learnBpe(sample, { mode: 'byte', merges }).encodeIds(held).length;
    expect(ratio(50)).toBeLessThan(ratio(500));
  });
});

describe('bad input', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['an empty corpus', () => learnBpe('', { mode: 'byte', merges: 10 }), /corpus is empty/],
    ['a whitespace-only corpus in word mode', () => learnBpe(' \n ', { mode: 'word', merges: 1 }), /corpus is empty/],
    ['more merges than the corpus allows', () => learnBpe('ab ab', { mode: 'word', merges: 5 }), /allows only 2 merges.*fewer than the 5/],
    ['a vocab size below the alphabet', () => learnBpe('hello', { mode: 'byte', vocabSize: 100 }), /vocab size 100 is below the alphabet size 256/],
    ['both merges and vocab size', () => learnBpe('hello', { mode: 'byte', vocabSize: 300, merges: 3 }), /exactly one of merges and vocabSize/],
    ['a lone surrogate', () => learnBpe('ok \uD800 no', { mode: 'byte', merges: 1 }), /lone surrogate \(U\+D800\) at offset 3/],
  ];
  it.each(cases)('%s', (_, run, message) => {
    expect(run).toThrow(TokenizerError);
    expect(run).toThrow(message);
  });
});
