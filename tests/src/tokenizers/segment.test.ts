// The BPE token segmenter: the textbook segmentations, the fast path against the taught replay,
// offsets, decoding, special tokens and unknown characters.
import { describe, expect, it } from 'vitest';
import { GPT2_PATTERN, gpt2Pieces, learnBpe, pretokenCounts, TokenizerError, whitespacePieces } from '../../../src/tokenizers/index.ts';
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

  it.each(['word', 'byte'] as const)('fast segmenter equals the taught replay on long pieces (%s mode)', (mode) => {
    const tok = learnBpe(brownText().slice(0, 150_000), { mode, merges: 300 });
    const letters = brownText().slice(200_000, 230_000).replace(/[^a-z]/g, '');
    const pieces = [letters.slice(0, 60), letters.slice(100, 400), letters.slice(1000, 4000), 'e'.repeat(500)];
    if (mode === 'byte') pieces.push('日本語'.repeat(100), 'é'.repeat(300));
    for (const w of pieces) {
      expect(pretokenCounts(w, mode).size).toBe(1);
      expect(tok.encode(w).tokens).toEqual(tok.replayMerges(w).at(-1)!.symbols);
    }
  });

  it('cuts pre-tokens with offsets, as the regex does', () => {
    const text = "Héllo  wörld's 12 日本 👩‍👩‍👧!\n\n";
    const pieces = gpt2Pieces(text);
    expect(pieces.map((p) => p.text)).toEqual([...text.matchAll(GPT2_PATTERN)].map((m) => m[0]));
    for (const p of [...pieces, ...whitespacePieces(text)]) expect(text.slice(p.start, p.end)).toBe(p.text);
    expect(whitespacePieces(text).map((p) => p.text)).toEqual(["Héllo", "wörld's", '12', '日本', '👩‍👩‍👧!']);
  });

  it('decodes word mode with its documented whitespace normalization', () => {
    const tok = learnBpe(bpeClassicText(), { mode: 'word', merges: 8, specialTokens: ['[SEP]'] });
    const e = tok.encode('\n  low\t\tnewer[SEP]low  ');
    expect(e.tokens).toEqual(['low_', 'newer_', '[SEP]', 'low_']);
    expect(e.offsets).toEqual([[3, 6], [8, 13], [13, 18], [18, 21]]);
    expect(tok.decode(e.ids)).toBe('low newer [SEP] low');
    expect(() => tok.encode('low[SEP]', { allowSpecial: false })).toThrow(/character "\[" is not in the vocabulary/);
  });

  it('maps unknown characters to [UNK] when the vocabulary has it, one per character', () => {
    const tok = learnBpe(bpeClassicText(), { mode: 'word', merges: 8, specialTokens: ['[UNK]'] });
    const e = tok.encode('lowz 😀');
    expect(e.tokens).toEqual(['low', '[UNK]', '_', '[UNK]', '_']);
    expect(e.offsets).toEqual([[0, 3], [3, 4], [4, 4], [5, 7], [7, 7]]);
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
