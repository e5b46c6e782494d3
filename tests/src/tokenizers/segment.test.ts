import { describe, expect, it } from 'vitest';
import { learnBpe, pretokenCounts, TokenizerError } from '../../../src/tokenizers/index.ts';
import { bpeClassicText } from '../../../corpora/manifest.ts';
import { brownText } from '../../../corpora/brown.ts';

const classic = learnBpe(bpeClassicText(), { mode: 'word', merges: 8 });
const ADVERSARIAL = "Héllo wörld  café\u0301 日本語 👩‍👩‍👧 \t\t\n\n  x   12345 3.14 it's we'll 'S ’s <|endoftext|> done\r\n";

describe('BPE token segmenter', () => {
  it('segments the textbook examples', () => {
    expect(classic.encode('newer').tokens).toEqual(['newer_']);
    expect(classic.encode('lower').tokens).toEqual(['low', 'er_']);
  });

  it('gives offsets into the original string and decodes back (word mode)', () => {
    const e = classic.encode('  newer\tlower ');
    expect(e.offsets).toEqual([[2, 7], [8, 11], [11, 13]]);
    expect(classic.decode(e.ids)).toBe('newer lower');
  });

  it('replays merges step by step as taught', () => {
    const steps = classic.replayMerges('lower');
    expect(steps.map((s) => s.symbols.join(' '))).toEqual(['l o w e r _', 'l o w er _', 'l o w er_', 'lo w er_', 'low er_']);
    expect(steps.slice(1).map((s) => s.mergeIndex)).toEqual([0, 1, 4, 5]);
  });

  it.each(['word', 'byte'] as const)('fast segmenter equals the taught replay on Brown words (%s mode)', (mode) => {
    const text = brownText().slice(0, 150_000);
    const tok = learnBpe(text, { mode, merges: 300 });
    const words = [...pretokenCounts(brownText().slice(150_000, 200_000), mode).keys()].slice(0, 1500);
    for (const w of words) {
      const taught = tok.replayMerges(w).at(-1)!.symbols;
      expect(tok.encode(w).tokens).toEqual(taught);
    }
  });

  it('round-trips adversarial text in byte mode, with offsets covering every character', () => {
    const tok = learnBpe(brownText().slice(0, 200_000), { mode: 'byte', merges: 400, specialTokens: ['<|endoftext|>'] });
    const e = tok.encode(ADVERSARIAL);
    expect(tok.decode(e.ids)).toBe(ADVERSARIAL);
    expect(e.tokens).toContain('<|endoftext|>');
    expect(e.offsets[0]![0]).toBe(0);
    expect(e.offsets.at(-1)![1]).toBe(ADVERSARIAL.length);
    for (let i = 1; i < e.offsets.length; i++) expect(e.offsets[i]![0]).toBeGreaterThanOrEqual(e.offsets[i - 1]![0]);
    const plain = tok.encode(ADVERSARIAL, { allowSpecial: false });
    expect(plain.tokens).not.toContain('<|endoftext|>');
    expect(tok.decode(plain.ids)).toBe(ADVERSARIAL);
  });

  it('names unknown characters and bad ids', () => {
    expect(() => classic.encode('zebra')).toThrow(/character "z" is not in the vocabulary/);
    expect(() => classic.decode([999])).toThrow(TokenizerError);
    expect(() => classic.encode('a\uDC00')).toThrow(/lone surrogate/);
  });
});
