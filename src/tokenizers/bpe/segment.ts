// The BPE token segmenter: encode (lowest-ranked pair first, per-piece cache, offsets into the
// original string), decode, and `replayMerges`, the taught procedure, which gives the same tokens.
// Leaves out dropout, truncation, padding and templates such as [CLS] … [SEP].
import { TokenizerError } from '../errors.ts';
import {
  BYTE_TO_CHAR, CHAR_TO_BYTE, END_OF_WORD, assertWellFormed, initialSymbols, specialTokenPattern, splitOnSpecials, utf8Decode, utf8Encode,
  type Mode,
} from '../pretokenize.ts';
import { pieceHash, scanGpt2 } from '../gpt2-scan.ts';
import { PieceCache } from './piece-cache.ts';
import { applyRanks, pairKey, type RankedMerge } from './apply-ranks.ts';

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
  /**
   * UTF-16 [start, end) of each token in the input string. A byte-level token holding only some
   * of a character's UTF-8 bytes gets the whole character's span (so neighbours may share it);
   * word mode's end-of-word `_` has no width of its own, and `[UNK]` spans its one character.
   */
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

/** At most this many tokens: ids pack two to a number (apply-ranks.ts). */
const MAX_VOCAB = 2 ** 21;

export class Tokenizer {
  readonly mode: Mode;
  readonly merges: readonly [string, string][];
  readonly specialTokens: readonly string[];
  private readonly vocab: readonly string[];
  private readonly ids = new Map<string, number>();
  private readonly ranks = new Map<number, RankedMerge>();
  private readonly specialIds = new Set<number>();
  private readonly cache = new PieceCache();
  private readonly specialRe: RegExp | undefined;
  private readonly unkId: number | undefined;
  /** Byte mode: the id of each byte's symbol (when all 256 are in the vocabulary), for the hot path. */
  private readonly byteIds: number[] | undefined;

  constructor(model: BpeModel) {
    this.mode = model.mode;
    this.vocab = model.vocab;
    this.merges = model.merges;
    this.specialTokens = model.specialTokens;
    if (model.vocab.length > MAX_VOCAB) throw new TokenizerError(`vocabulary has ${model.vocab.length} tokens; at most ${MAX_VOCAB} are supported`);
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
      const key = pairKey(ia, ib);
      if (!this.ranks.has(key)) this.ranks.set(key, { rank, id: ic });
    });
    for (const s of model.specialTokens) {
      const id = this.ids.get(s);
      if (id === undefined || s.length === 0) throw new TokenizerError(`special token ${JSON.stringify(s)} is not in the vocabulary`);
      this.specialIds.add(id);
    }
    this.specialRe = specialTokenPattern(model.specialTokens);
    this.unkId = this.ids.get('[UNK]');
    const byteIds = BYTE_TO_CHAR.map((c) => this.ids.get(c));
    if (this.mode === 'byte' && byteIds.every((id) => id !== undefined)) this.byteIds = byteIds as number[];
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

  /** Ids, token strings and offsets of a text; special tokens in it are matched whole unless allowSpecial is false. */
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

  /**
   * Text of token ids, inverting encode. Byte mode gives back the exact text. Word mode cannot
   * keep whitespace (pre-tokenization dropped it): each end-of-word `_` becomes one space, the
   * last is dropped, and a special token counts as a word of its own — so runs of spaces, tabs
   * and newlines come back as single spaces, and a literal `_` in a word as a space.
   */
  decode(ids: ArrayLike<number>): string {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (this.vocab[id] === undefined) throw new TokenizerError(`token id ${id} is outside the vocabulary (size ${this.vocab.length})`);
    }
    return this.mode === 'word' ? this.decodeWords(ids) : this.decodeBytes(ids);
  }

  private decodeWords(ids: ArrayLike<number>): string {
    let text = '';
    for (let i = 0; i < ids.length; i++) text += this.specialIds.has(ids[i]!) ? `${this.vocab[ids[i]!]}${END_OF_WORD}` : this.vocab[ids[i]!];
    return text.split(END_OF_WORD).join(' ').replace(/ $/, '');
  }

  private decodeBytes(ids: ArrayLike<number>): string {
    let out = '';
    let bytes: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const t = this.vocab[ids[i]!]!;
      if (this.specialIds.has(ids[i]!)) {
        out += utf8Decode(bytes) + t;
        bytes = [];
      } else for (let k = 0; k < t.length; k++) bytes.push(CHAR_TO_BYTE.get(t[k]!)!);
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

  /** Calls `fn(start, end, hash, special)` for every pre-token and special token of the text, in order. */
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
    const specials = options.allowSpecial === false ? undefined : this.specialRe;
    splitOnSpecials(text, specials, (start, end, special) => (special ? fn(start, end, 0, true) : plain(start, end)));
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
    if (this.byteIds) {
      const bytes = utf8Encode(piece);
      for (let i = 0; i < bytes.length; i++) bytes[i] = this.byteIds[bytes[i]!]!;
      return applyRanks(bytes, this.ranks);
    }
    const symbols = initialSymbols(piece, this.mode).map((s) => {
      const id = this.ids.get(s) ?? this.unkId;
      if (id === undefined) throw new TokenizerError(`the character ${JSON.stringify(s)} is not in the vocabulary and there is no [UNK] token`);
      return id;
    });
    return applyRanks(symbols, this.ranks);
  }

  /** UTF-16 spans of a piece's tokens: each unit (byte, or character and end-of-word) maps to its character. */
  private spans(piece: { text: string; start: number }, ids: number[]): [number, number][] {
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
