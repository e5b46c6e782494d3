// The BPE token segmenter: applies learned merges to new text. The fast path ranks pairs by merge
// order and repeatedly merges the lowest-ranked pair present (with a per-piece cache); the taught
// procedure, `replayMerges`, splits into characters and replays every merge in learned order —
// both give the same tokens. Offsets point into the original string for highlighting.
import { TokenizerError } from '../errors.ts';
import { CHAR_TO_BYTE, END_OF_WORD, assertWellFormed, initialSymbols, utf8Decode, type Mode, type Piece } from '../pretokenize.ts';
import { pieceHash, scanGpt2 } from '../gpt2-scan.ts';
import { PieceCache } from './piece-cache.ts';

export interface BpeModel {
  mode: Mode;
  /** Token strings by id: base symbols, merge results, then special tokens. */
  vocab: string[];
  merges: [string, string][];
  specialTokens: string[];
}

export interface Encoding {
  ids: number[];
  tokens: string[];
  /** UTF-16 [start, end) of each token in the input; a byte token inside a character gets the character's span. */
  offsets: [number, number][];
}

export interface EncodeOptions {
  /** Match special tokens in the text (default true); false encodes them as ordinary text. */
  allowSpecial?: boolean;
}

export interface ReplayStep {
  mergeIndex: number;
  pair: [string, string];
  symbols: string[];
}

const SHIFT = 2 ** 21;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Tokenizer {
  readonly mode: Mode;
  readonly merges: readonly [string, string][];
  readonly specialTokens: readonly string[];
  private readonly vocab: readonly string[];
  private readonly ids = new Map<string, number>();
  private readonly ranks = new Map<number, { rank: number; id: number }>();
  private readonly cache = new PieceCache();
  private readonly specialRe: RegExp | undefined;
  private readonly unkId: number | undefined;

  constructor(model: BpeModel) {
    this.mode = model.mode;
    this.vocab = model.vocab;
    this.merges = model.merges;
    this.specialTokens = model.specialTokens;
    model.vocab.forEach((t, i) => {
      if (this.ids.has(t)) throw new TokenizerError(`vocabulary has the token ${JSON.stringify(t)} twice (ids ${this.ids.get(t)} and ${i})`);
      this.ids.set(t, i);
    });
    model.merges.forEach(([a, b], rank) => {
      const ia = this.ids.get(a);
      const ib = this.ids.get(b);
      const ic = this.ids.get(a + b);
      if (ia === undefined || ib === undefined || ic === undefined) {
        throw new TokenizerError(`merge ${rank} (${JSON.stringify(a)} ${JSON.stringify(b)}) uses or makes a token that is not in the vocabulary`);
      }
      const key = ia * SHIFT + ib;
      if (!this.ranks.has(key)) this.ranks.set(key, { rank, id: ic });
    });
    for (const s of model.specialTokens) if (!this.ids.has(s)) throw new TokenizerError(`special token ${JSON.stringify(s)} is not in the vocabulary`);
    const sorted = [...model.specialTokens].sort((x, y) => y.length - x.length);
    this.specialRe = sorted.length ? new RegExp(sorted.map(escape).join('|'), 'g') : undefined;
    this.unkId = this.ids.get('[UNK]');
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  idToToken(id: number): string | undefined {
    return this.vocab[id];
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }

  encode(text: string, options: EncodeOptions = {}): Encoding {
    assertWellFormed(text);
    const out: Encoding = { ids: [], tokens: [], offsets: [] };
    this.eachSegment(text, options, (start, end, _hash, special) => {
      const piece = { text: text.slice(start, end), start };
      if (special) {
        out.ids.push(this.ids.get(piece.text)!);
        out.tokens.push(piece.text);
        out.offsets.push([start, end]);
        return;
      }
      const ids = this.pieceIds(piece.text);
      const spans = this.spans(piece, ids);
      for (let i = 0; i < ids.length; i++) {
        out.ids.push(ids[i]!);
        out.tokens.push(this.vocab[ids[i]!]!);
        out.offsets.push(spans[i]!);
      }
    });
    return out;
  }

  /** Ids alone, as an Int32Array (what the engine's int32 tensors take): the fast path. */
  encodeIds(text: string, options: EncodeOptions = {}): Int32Array {
    assertWellFormed(text);
    let out = new Int32Array(Math.max(16, text.length >> 2));
    let n = 0;
    const cache = this.cache;
    this.eachSegment(text, options, (start, end, hash, special) => {
      let ids = special ? undefined : cache.get(text, start, end, hash);
      if (ids === undefined) ids = special ? [this.ids.get(text.slice(start, end))!] : this.cacheMiss(text.slice(start, end), hash);
      if (n + ids.length > out.length) {
        const bigger = new Int32Array(out.length * 2 + ids.length);
        bigger.set(out);
        out = bigger;
      }
      for (let i = 0; i < ids.length; i++) out[n++] = ids[i]!;
    });
    return out.slice(0, n);
  }

  decode(ids: ArrayLike<number>): string {
    const tokens = Array.from(ids, (id) => {
      const t = this.vocab[id];
      if (t === undefined) throw new TokenizerError(`token id ${id} is outside the vocabulary (size ${this.vocab.length})`);
      return t;
    });
    if (this.mode === 'word') {
      const text = tokens.map((t) => (this.specialTokens.includes(t) ? `${t}${END_OF_WORD}` : t)).join('');
      return text.split(END_OF_WORD).join(' ').replace(/ $/, '');
    }
    let out = '';
    let bytes: number[] = [];
    for (const t of tokens) {
      if (this.specialTokens.includes(t)) {
        out += utf8Decode(bytes) + t;
        bytes = [];
      } else for (const ch of t) bytes.push(CHAR_TO_BYTE.get(ch)!);
    }
    return out + utf8Decode(bytes);
  }

  /** The taught procedure on one pre-token: characters (or bytes), then each merge in order. */
  replayMerges(word: string): ReplayStep[] {
    let symbols = initialSymbols(word, this.mode);
    const steps: ReplayStep[] = [{ mergeIndex: -1, pair: ['', ''], symbols }];
    this.merges.forEach(([a, b], mergeIndex) => {
      const next: string[] = [];
      let changed = false;
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          next.push(a + b);
          i++;
          changed = true;
        } else next.push(symbols[i]!);
      }
      if (changed) steps.push({ mergeIndex, pair: [a, b], symbols: (symbols = next) });
    });
    return steps;
  }

  /** Calls `fn(start, end, special)` for every pre-token and special token of the text, in order. */
  private eachSegment(text: string, options: EncodeOptions, fn: (start: number, end: number, hash: number, special?: boolean) => void): void {
    const plain = (from: number, to: number) => {
      if (this.mode === 'byte') return scanGpt2(text, from, to, fn);
      const words = /\S+/gu;
      words.lastIndex = from;
      for (let m = words.exec(text); m && m.index < to; m = words.exec(text)) {
        const end = Math.min(to, m.index + m[0].length);
        fn(m.index, end, pieceHash(text, m.index, end));
      }
    };
    if (!this.specialRe || options.allowSpecial === false) return plain(0, text.length);
    let last = 0;
    for (const m of text.matchAll(this.specialRe)) {
      plain(last, m.index);
      fn(m.index, m.index + m[0].length, 0, true);
      last = m.index + m[0].length;
    }
    plain(last, text.length);
  }

  private pieceIds(piece: string): number[] {
    const hash = pieceHash(piece, 0, piece.length);
    const hit = this.cache.get(piece, 0, piece.length, hash);
    if (hit) return hit;
    const ids = this.segmentPiece(piece);
    this.cache.set(piece, hash, ids);
    return ids;
  }

  private cacheMiss(piece: string, hash: number): number[] {
    const ids = this.segmentPiece(piece);
    this.cache.set(piece, hash, ids);
    return ids;
  }

  private segmentPiece(piece: string): number[] {
    const symbols = initialSymbols(piece, this.mode).map((s) => {
      const id = this.ids.get(s) ?? this.unkId;
      if (id === undefined) throw new TokenizerError(`the character ${JSON.stringify(s)} is not in the vocabulary and there is no [UNK] token`);
      return id;
    });
    return this.applyRanks(symbols);
  }

  private applyRanks(symbols: number[]): number[] {
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = this.ranks.get(symbols[i]! * SHIFT + symbols[i + 1]!);
        if (r && r.rank < bestRank) {
          bestRank = r.rank;
          best = i;
        }
      }
      if (best < 0) return symbols;
      const a = symbols[best]!;
      const b = symbols[best + 1]!;
      const id = this.ranks.get(a * SHIFT + b)!.id;
      const next: number[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(symbols[i]!);
      }
      symbols = next;
    }
  }

  /** UTF-16 spans of a piece's tokens: each unit (byte, or character and end-of-word) maps to its character. */
  private spans(piece: Piece, ids: number[]): [number, number][] {
    const from: number[] = [];
    const to: number[] = [];
    let off = piece.start;
    for (const ch of piece.text) {
      const n = this.mode === 'byte' ? utf8Length(ch) : 1;
      for (let k = 0; k < n; k++) {
        from.push(off);
        to.push(off + ch.length);
      }
      off += ch.length;
    }
    if (this.mode === 'word') {
      from.push(off);
      to.push(off);
    }
    const out: [number, number][] = [];
    let pos = 0;
    for (const id of ids) {
      const len = id === this.unkId ? 1 : this.mode === 'byte' ? this.vocab[id]!.length : Array.from(this.vocab[id]!).length;
      out.push([from[pos]!, to[pos + len - 1]!]);
      pos += len;
    }
    return out;
  }
}

function utf8Length(ch: string): number {
  const c = ch.codePointAt(0)!;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}
