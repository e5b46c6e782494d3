// Pre-tokenization, the step before BPE: `word` mode splits on whitespace and ends each word
// with the end-of-word symbol `_` (Sennrich et al. 2016, as taught in Jurafsky & Martin ch. 2);
// `byte` mode is GPT-2's: its regex splits text into pieces, each piece's UTF-8 bytes become
// printable characters (Radford et al. 2019, the `bytes_to_unicode` table).
import { TokenizerError } from './errors.ts';
import { scanGpt2 } from './gpt2-scan.ts';
import { utf8Encode } from '../data/utf8.ts';

export { utf8Decode, utf8Encode } from '../data/utf8.ts';

export type Mode = 'byte' | 'word';
export const END_OF_WORD = '_';

/** GPT-2's pre-tokenization pattern. */
export const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** A piece of text with its UTF-16 offsets [start, end) in the original string. */
export interface Piece {
  text: string;
  start: number;
}

export function gpt2Pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of text.matchAll(GPT2_PATTERN)) out.push({ text: m[0], start: m.index });
  return out;
}

export function whitespacePieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of text.matchAll(/\S+/gu)) out.push({ text: m[0], start: m.index });
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

/** Pre-tokens of a text with their counts, in order of first occurrence. */
export function pretokenCounts(text: string, mode: Mode): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (piece: string) => counts.set(piece, (counts.get(piece) ?? 0) + 1);
  if (mode === 'byte') scanGpt2(text, 0, text.length, (start, end) => add(text.slice(start, end)));
  else for (const m of text.matchAll(/\S+/gu)) add(m[0]);
  return counts;
}
