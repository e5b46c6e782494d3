// The hand-written GPT-2 pre-tokenizer must cut exactly where GPT-2's regex cuts.
import { describe, expect, it } from 'vitest';
import { GPT2_PATTERN, pieceHash, scanGpt2 } from '../../../src/tokenizers/index.ts';
import { brownText } from '../../../corpora/brown.ts';

const viaRegex = (text: string) => [...text.matchAll(GPT2_PATTERN)].map((m) => m[0]);
function viaScanner(text: string): string[] {
  const out: string[] = [];
  scanGpt2(text, 0, text.length, (s, e, h) => {
    expect(h).toBe(pieceHash(text, s, e));
    out.push(text.slice(s, e));
  });
  return out;
}

const ALPHABET = [' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', 'a', 'Z', 'é', 'ß', '日', '本', '1', '٣', '½', "'", "'s", "'ll", "'re", '’', '.', ',', '!', '-', '😀', '👩‍👧', '\u0301', 'ǅ', '𝒜', '𝟘'];

describe('GPT-2 pre-tokenization scanner', () => {
  it('matches the regex on the Brown corpus', () => {
    const text = brownText().slice(0, 600_000);
    expect(viaScanner(text)).toEqual(viaRegex(text));
  });

  it('matches the regex on 3000 random strings of tricky characters', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let t = 0; t < 3000; t++) {
      const text = Array.from({ length: 1 + rand(12) }, () => ALPHABET[rand(ALPHABET.length)]).join('');
      expect(viaScanner(text), JSON.stringify(text)).toEqual(viaRegex(text));
    }
  });
});
