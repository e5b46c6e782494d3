// GPT-2's pre-tokenization pattern as a hand-written scanner over char codes — the same pieces as
// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` (tested against the
// regex), several times faster. Character classes come from the regex engine's own Unicode
// tables, precomputed for the BMP and cached for astral code points.

const OTHER = 0;
const LETTER = 1;
const NUMBER = 2;
const SPACE = 3;

const classify = (ch: string) => (/\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? NUMBER : /\s/u.test(ch) ? SPACE : OTHER);

let bmp: Uint8Array | undefined;
const astral = new Map<number, number>();

function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  bmp = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) if (c < 0xd800 || c > 0xdfff) bmp[c] = classify(String.fromCharCode(c));
  return bmp;
}

/** Class of the character at `i` in the high bits, its UTF-16 width (1 or 2) in the low bit… as a pair. */
function classAt(text: string, i: number, table: Uint8Array): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      let k = astral.get(cp);
      if (k === undefined) astral.set(cp, (k = classify(String.fromCodePoint(cp))));
      return (k << 1) | 1;
    }
  }
  return table[c]! << 1;
}

const width = (packed: number) => (packed & 1) + 1;
const kind = (packed: number) => packed >> 1;

/** Length of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at i, or 0. */
function contraction(text: string, i: number): number {
  if (text.charCodeAt(i) !== 39) return 0;
  const a = text.charCodeAt(i + 1);
  if (a === 115 || a === 116 || a === 109 || a === 100) return 2; // s t m d
  const b = text.charCodeAt(i + 2);
  if ((a === 114 && b === 101) || (a === 118 && b === 101) || (a === 108 && b === 108)) return 3; // re ve ll
  return 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the char codes of text[start, end), the hash the scanner hands out with each piece. */
export function pieceHash(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h | 0;
}

/**
 * Calls `piece(start, end, hash)` for each GPT-2 pre-token of text[from, to), with the
 * pieceHash of its text computed on the way (so callers need not read it again).
 */
export function scanGpt2(text: string, from: number, to: number, piece: (start: number, end: number, hash: number) => void): void {
  const table = bmpTable();
  let i = from;
  while (i < to) {
    const c = contraction(text, i);
    if (c > 0 && i + c <= to) {
      piece(i, i + c, pieceHash(text, i, i + c));
      i += c;
      continue;
    }
    const start = i;
    let k = kind(classAt(text, i, table));
    let j = i;
    let h = FNV_OFFSET;
    if (text.charCodeAt(i) === 32 && i + 1 < to) {
      const next = kind(classAt(text, i + 1, table));
      if (next !== SPACE) {
        k = next;
        j = i + 1;
        h = Math.imul(h ^ 32, FNV_PRIME);
      }
    }
    if (k !== SPACE) {
      // ` ?\p{L}+`, ` ?\p{N}+` or ` ?[^\s\p{L}\p{N}]+`: a run of one class.
      while (j < to) {
        const code = text.charCodeAt(j);
        if (code < 128) {
          if (table[code] !== k) break;
          h = Math.imul(h ^ code, FNV_PRIME);
          j++;
          continue;
        }
        const p = classAt(text, j, table);
        if (kind(p) !== k) break;
        h = Math.imul(h ^ code, FNV_PRIME);
        if (width(p) === 2) h = Math.imul(h ^ text.charCodeAt(j + 1), FNV_PRIME);
        j += width(p);
      }
      piece(start, j, h | 0);
      i = j;
      continue;
    }
    // A run of whitespace: all of it at the end of the text, else all but its last character
    // (which then starts the next piece), else the single character.
    while (j < to && kind(classAt(text, j, table)) === SPACE) j++;
    if (j < to && j - start > 1) j -= 1;
    piece(start, j, pieceHash(text, start, j));
    i = j;
  }
}
