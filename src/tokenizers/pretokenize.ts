// Pre-tokenization before BPE: `word` mode splits on whitespace and ends each word with `_`
// (Sennrich et al. 2016; Jurafsky & Martin ch. 2); `byte` mode is GPT-2's regex over UTF-8 bytes
// shown as printable characters (Radford et al. 2019, bytes_to_unicode). No other pre-tokenizers.
import { TokenizerError } from './errors.ts';
import { scanGpt2 } from './gpt2-scan.ts';
import { utf8Encode } from '../data/utf8.ts';

export { utf8Decode, utf8Encode } from '../data/utf8.ts';

export type Mode = 'byte' | 'word';
/** The end-of-word symbol of word mode. A literal `_` in text is the same symbol (decode shows a space). */
export const END_OF_WORD = '_';

/** GPT-2's pre-tokenization pattern; `scanGpt2` cuts the same pieces, faster. */
export const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** A piece of text with its UTF-16 offsets [start, end) in the original string. */
export interface Piece {
  text: string;
  start: number;
  end: number;
}

/** GPT-2's pre-tokens of a text, exactly as GPT2_PATTERN cuts them. */
export function gpt2Pieces(text: string): Piece[] {
  const out: Piece[] = [];
  scanGpt2(text, 0, text.length, (start, end) => out.push({ text: text.slice(start, end), start, end }));
  return out;
}

/** Word mode's pre-tokens: maximal runs of non-whitespace (JavaScript's `\s`, as transformers.js). */
export function whitespacePieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of text.matchAll(/\S+/gu)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** byte → printable character, as GPT-2: printable Latin-1 bytes map to themselves. */
export const BYTE_TO_CHAR: string[] = (() => {
  const keep = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCharCode(keep(b) ? b : 256 + extra++));
  return out;
})();

export const CHAR_TO_BYTE: Map<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** UTF-16 offset of the first unpaired surrogate, or -1. */
export function findLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

export function assertWellFormed(text: string, what = 'text'): void {
  const at = findLoneSurrogate(text);
  if (at !== -1) throw new TokenizerError(`${what} has a lone surrogate (U+${text.charCodeAt(at).toString(16).toUpperCase()}) at offset ${at}: it is not valid Unicode`);
}

/** The initial symbols of a pre-token: its bytes as characters, or its characters and `_`. */
export function initialSymbols(piece: string, mode: Mode): string[] {
  if (mode === 'byte') return utf8Encode(piece).map((b) => BYTE_TO_CHAR[b]!);
  return [...Array.from(piece), END_OF_WORD];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex matching any of the special tokens, longest first; undefined when there are none. */
export function specialTokenPattern(specialTokens: readonly string[]): RegExp | undefined {
  if (specialTokens.length === 0) return undefined;
  const sorted = [...specialTokens].sort((x, y) => y.length - x.length);
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

/**
 * Calls `fn(start, end, special)` for the stretches of text between special tokens (special
 * false) and for each special token (special true), in order; without a pattern, the whole text.
 */
export function splitOnSpecials(text: string, pattern: RegExp | undefined, fn: (start: number, end: number, special: boolean) => void): void {
  let last = 0;
  if (pattern) {
    for (const m of text.matchAll(pattern)) {
      if (m.index > last) fn(last, m.index, false);
      fn(m.index, m.index + m[0].length, true);
      last = m.index + m[0].length;
    }
  }
  if (text.length > last) fn(last, text.length, false);
}

/**
 * Pre-tokens of a text with their counts, in order of first occurrence. Special tokens are cut
 * out first (as encode does), so they never take part in a merge.
 */
export function pretokenCounts(text: string, mode: Mode, specialTokens: readonly string[] = []): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (piece: string) => counts.set(piece, (counts.get(piece) ?? 0) + 1);
  splitOnSpecials(text, specialTokenPattern(specialTokens), (from, to, special) => {
    if (special) return;
    if (mode === 'byte') scanGpt2(text, from, to, (start, end) => add(text.slice(start, end)));
    else for (const m of text.slice(from, to).matchAll(/\S+/gu)) add(m[0]);
  });
  return counts;
}
