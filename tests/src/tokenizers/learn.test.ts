// The BPE token learner: the textbook merges, agreement with a naive learner (ties included),
// stopping points, progress, special tokens, and every bad input named.
import { describe, expect, it } from 'vitest';
import { learnBpe, pretokenCounts, TokenizerError, type LearnProgress } from '../../../src/tokenizers/index.ts';
import { bpeClassicText } from '../../../corpora/manifest.ts';
import { brownText } from '../../../corpora/brown.ts';
import { naiveMerges } from './naive-bpe.ts';

const CLASSIC = new Map([['low', 5], ['lowest', 2], ['newer', 6], ['wider', 3], ['new', 2]]);
const EIGHT = ['e r', 'er _', 'n e', 'ne w', 'l o', 'lo w', 'new er_', 'low _'];

/** Seeded random corpora over a tiny alphabet, so that ties on count are everywhere. */
function randomCorpus(seed: number): Map<string, number> {
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const counts = new Map<string, number>();
  for (let w = 0; w < 12; w++) {
    const word = Array.from({ length: 1 + rand(6) }, () => 'abcé'[rand(4)]).join('');
    counts.set(word, (counts.get(word) ?? 0) + 1 + rand(3));
  }
  return counts;
}

describe('BPE token learner, word mode', () => {
  it('learns the eight textbook merges in order, ties broken by first occurrence', () => {
    const tok = learnBpe(bpeClassicText(), { mode: 'word', merges: 8 });
    expect(tok.merges.map((m) => m.join(' '))).toEqual(EIGHT);
  });

  it('learns the same from word counts as from the text', () => {
    expect(learnBpe(CLASSIC, { mode: 'word', merges: 8 }).merges.map((m) => m.join(' '))).toEqual(EIGHT);
  });

  it('agrees with a naive recount-everything learner on 40 random corpora full of ties', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const corpus = randomCorpus(seed);
      const expected = naiveMerges(corpus, 'word', Infinity);
      expect(learnBpe(corpus, { mode: 'word', merges: expected.length }).merges, `seed ${seed}`).toEqual(expected);
      const reports: { merges: number; exhausted?: boolean }[] = [];
      const more = learnBpe(corpus, { mode: 'word', merges: expected.length + 1, onProgress: (p) => reports.push(p) });
      expect(more.merges, `seed ${seed}: stops when no pair is left`).toEqual(expected);
      expect(reports.at(-1)).toMatchObject({ merges: expected.length, exhausted: true });
    }
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

  it('agrees with a naive recount-everything learner on a Brown sample', () => {
    const counts = pretokenCounts(sample.slice(0, 30_000), 'byte');
    expect(learnBpe(counts, { mode: 'byte', merges: 200 }).merges).toEqual(naiveMerges(counts, 'byte', 200));
  });

  it('keeps special tokens whole: cut out of the corpus, never merged', () => {
    const text = sample.slice(0, 100_000).split('\n').join('<|endoftext|>');
    const learned = (specialTokens: string[]) => {
      const tok = learnBpe(text, { mode: 'byte', merges: 400, specialTokens });
      return Array.from({ length: tok.vocabSize - specialTokens.length }, (_, id) => tok.idToToken(id)!);
    };
    expect(learned([]).some((t) => t.includes('endof'))).toBe(true);
    expect(learned(['<|endoftext|>']).some((t) => t.includes('endof') || t.includes('<|') || t.includes('|>'))).toBe(false);
    const fromCounts = learnBpe(new Map([['a<|endoftext|>b', 3], ['ab', 1]]), { mode: 'byte', merges: 1, specialTokens: ['<|endoftext|>'] });
    expect(fromCounts.merges).toEqual([['a', 'b']]);
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

describe('a target beyond what the corpus allows', () => {
  it('stops when no pair is left, as Hugging Face tokenizers does, and says so in its last report', () => {
    const reports: { merges: number; totalMerges: number; exhausted?: boolean }[] = [];
    const tok = learnBpe('ab ab', { mode: 'word', vocabSize: 1000, onProgress: (p) => reports.push(p) });
    expect(tok.merges.length).toBe(2);
    expect(reports.at(-1)).toMatchObject({ merges: 2, exhausted: true });
    expect(reports.slice(0, -1).every((r) => r.exhausted === undefined)).toBe(true);
  });
});

describe('bad input', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['an empty corpus', () => learnBpe('', { mode: 'byte', merges: 10 }), /corpus is empty/],
    ['a whitespace-only corpus in word mode', () => learnBpe(' \n ', { mode: 'word', merges: 1 }), /corpus is empty/],
    ['a vocab size below the alphabet', () => learnBpe('hello', { mode: 'byte', vocabSize: 100 }), /vocab size 100 is below the alphabet size 256/],
    ['both merges and vocab size', () => learnBpe('hello', { mode: 'byte', vocabSize: 300, merges: 3 }), /exactly one of merges and vocabSize/],
    ['a lone surrogate', () => learnBpe('ok \uD800 no', { mode: 'byte', merges: 1 }), /corpus has a lone surrogate \(U\+D800\) at offset 3/],
    ['a lone surrogate in a pre-token', () => learnBpe(new Map([['ok', 1], ['a\uDC00', 2]]), { mode: 'byte', merges: 1 }), /pre-token 1 .* lone surrogate \(U\+DC00\) at offset 1/],
    ['a vocab size below the characters plus _', () => learnBpe(bpeClassicText(), { mode: 'word', vocabSize: 10 }), /below the alphabet size 11/],
    ['a count of zero', () => learnBpe(new Map([['low', 0]]), { mode: 'word', merges: 1 }), /pre-token 0 \("low"\) has count 0/],
    ['an empty pre-token', () => learnBpe(new Map([['', 3]]), { mode: 'word', merges: 1 }), /pre-token 0 \(""\) is not a non-empty string/],
    ['an empty word-count map', () => learnBpe(new Map(), { mode: 'word', merges: 1 }), /corpus is empty/],
    ['a corpus of special tokens only', () => learnBpe('[PAD][PAD]', { mode: 'byte', merges: 1, specialTokens: ['[PAD]'] }), /corpus is empty/],
    ['a special token given twice', () => learnBpe('hello', { mode: 'byte', merges: 1, specialTokens: ['[SEP]', '[SEP]'] }), /special token "\[SEP\]" is given twice/],
    ['an empty special token', () => learnBpe('hello', { mode: 'byte', merges: 1, specialTokens: [''] }), /non-empty strings/],
    ['an unknown mode', () => learnBpe('hello', { mode: 'char' as 'word', merges: 1 }), /mode must be "byte" or "word"/],
    ['neither merges nor vocab size', () => learnBpe('hello', { mode: 'byte' }), /exactly one of merges and vocabSize/],
    ['negative merges', () => learnBpe('hello', { mode: 'byte', merges: -2 }), /non-negative integer, got -2/],
  ];
  it.each(cases)('%s', (_, run, message) => {
    expect(run).toThrow(TokenizerError);
    expect(run).toThrow(message);
  });
});
