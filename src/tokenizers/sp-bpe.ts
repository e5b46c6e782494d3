// SentencePiece-style BPE from tokenizer.json, as Llama's tokenizers are stored: spaces become
// `▁` and one `▁` is put in front (a normalizer Prepend + Replace, or a Metaspace pre-tokenizer
// without splitting), the whole text is one piece merged by rank, and a character outside the
// vocabulary falls back to its UTF-8 bytes as `<0xNN>` tokens (byte_fallback), or to the unknown
// token (consecutive ones fused when fuse_unk). Decoding undoes it: `▁` → space, byte tokens →
// UTF-8, one leading space stripped. Leaves out SentencePiece's unigram model and BPE dropout.
// Reference: Kudo & Richardson 2018; https://huggingface.co/docs/tokenizers/api/models#tokenizers.models.BPE
import { TokenizerError } from './errors.ts';
import { assertWellFormed, utf8Decode, utf8Encode } from './pretokenize.ts';
import type { TokenCodec } from './codec.ts';
import { applyRanks, pairKey, type RankedMerge } from './bpe/apply-ranks.ts';
import {
  AddedTokenSplitter, applyTemplate, fail, isNullish, isObject, readAddedTokens, readTemplate, readVocabById, type Json, type Template,
} from './hf-parts.ts';

const SPACE = '▁';
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const LEGACY_NORMALIZER = {
  type: 'Sequence',
  normalizers: [{ type: 'Prepend', prepend: SPACE }, { type: 'Replace', pattern: { String: ' ' }, content: SPACE }],
};
const DECODER = {
  type: 'Sequence',
  decoders: [
    { type: 'Replace', pattern: { String: SPACE }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 },
  ],
};

/** Whether a tokenizer.json is this kind: a BPE model with byte fallback. */
export const isSentencePieceBpe = (json: Json) => isObject(json.model) && json.model.type === 'BPE' && json.model.byte_fallback === true;

/**
 * When `▁` is put in front of a stretch of text: always (the legacy normalizer, even before a
 * leading space), or — with a Metaspace pre-tokenizer — unless it already starts with one, for
 * every stretch or only the text's first.
 */
type Prepend = 'legacy' | 'always' | 'first';

function readPrepend(json: Json): Prepend {
  if (isNullish(json.pre_tokenizer)) {
    if (!sameJson(json.normalizer, LEGACY_NORMALIZER)) fail('normalizer', `must be ${JSON.stringify(LEGACY_NORMALIZER)} (or null with a Metaspace pre-tokenizer)`);
    return 'legacy';
  }
  const pre = json.pre_tokenizer;
  if (!isObject(pre) || pre.type !== 'Metaspace') fail('pre_tokenizer', 'must be null or Metaspace for a byte-fallback BPE tokenizer');
  if (!isNullish(json.normalizer)) fail('normalizer', 'must be null with a Metaspace pre-tokenizer');
  if (pre.replacement !== SPACE) fail('pre_tokenizer.replacement', `must be ${JSON.stringify(SPACE)}`);
  if (pre.split !== false) fail('pre_tokenizer.split', 'must be false (splitting on ▁ is not supported)');
  if (pre.prepend_scheme !== 'always' && pre.prepend_scheme !== 'first') fail('pre_tokenizer.prepend_scheme', 'must be "always" or "first"');
  return pre.prepend_scheme;
}

function checkModel(model: Json): void {
  if (!isNullish(model.dropout) && model.dropout !== 0) fail('model.dropout', `is ${JSON.stringify(model.dropout)}; BPE dropout is not supported`);
  for (const f of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
    if (!isNullish(model[f]) && model[f] !== '') fail(`model.${f}`, `is ${JSON.stringify(model[f])}; only null or "" is supported`);
  }
  if (model.ignore_merges === true) fail('model.ignore_merges', 'is true; only false is supported');
  if (!Array.isArray(model.merges)) fail('model.merges', 'must be an array');
}

function readMerges(merges: unknown[], ids: Map<string, number>): Map<number, RankedMerge> {
  const ranks = new Map<number, RankedMerge>();
  merges.forEach((m, rank) => {
    const pair = typeof m === 'string' ? m.split(' ') : m;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((p) => typeof p === 'string')) fail(`model.merges[${rank}]`, 'must be "a b" or ["a", "b"]');
    const [a, b] = pair as [string, string];
    const ia = ids.get(a);
    const ib = ids.get(b);
    const ic = ids.get(a + b);
    if (ia === undefined || ib === undefined || ic === undefined) fail(`model.merges[${rank}]`, `uses or makes a token outside model.vocab (${JSON.stringify(a)} ${JSON.stringify(b)})`);
    const key = pairKey(ia, ib);
    if (!ranks.has(key)) ranks.set(key, { rank, id: ic });
  });
  return ranks;
}

export class SentencePieceBpeCodec implements TokenCodec {
  readonly kind = 'sp-bpe';
  readonly endOfText: number | null;
  readonly template: Template;
  private readonly ids: Map<string, number>;
  private readonly ranks: Map<number, RankedMerge>;
  private readonly byteIds: (number | undefined)[];
  private readonly unk: number | undefined;
  private readonly fuseUnk: boolean;
  private readonly prepend: Prepend;
  /** Whether decoding turns runs of byte tokens into text (ByteFallback); a Metaspace decoder shows them as they are. */
  private readonly decodeBytes: boolean;
  private readonly splitter: AddedTokenSplitter;

  constructor(private readonly json: Json, private readonly vocab: string[]) {
    const model = json.model as Json;
    checkModel(model);
    this.ids = new Map(vocab.map((t, i) => [t, i]));
    this.ranks = readMerges(model.merges as unknown[], this.ids);
    this.byteIds = Array.from({ length: 256 }, (_, b) => this.ids.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
    if (!isNullish(model.unk_token) && (typeof model.unk_token !== 'string' || !this.ids.has(model.unk_token))) fail('model.unk_token', 'must be null or a token of the vocabulary');
    this.unk = typeof model.unk_token === 'string' ? this.ids.get(model.unk_token) : undefined;
    this.fuseUnk = model.fuse_unk === true;
    this.prepend = readPrepend(json);
    const dec = json.decoder;
    const metaspace = isObject(dec) && dec.type === 'Metaspace' && (isNullish(dec.replacement) || dec.replacement === SPACE);
    if (!isNullish(dec) && !metaspace && !sameJson(dec, DECODER)) fail('decoder', `must be ${JSON.stringify(DECODER)} or a Metaspace decoder`);
    this.decodeBytes = !metaspace;
    this.splitter = new AddedTokenSplitter(readAddedTokens(json));
    this.template = readTemplate(json.post_processor, (t) => this.ids.get(t));
    this.endOfText = this.ids.get('</s>') ?? null;
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.vocab[id];
  }

  /** Initial symbols: each character's id, its byte tokens when it has none, else the unknown token. */
  private symbols(text: string, out: number[]): void {
    let previousUnk = false;
    for (const c of text) {
      const id = this.ids.get(c);
      const bytes = id === undefined ? utf8Encode(c).map((b) => this.byteIds[b]) : [];
      if (id !== undefined) out.push(id);
      else if (bytes.every((b) => b !== undefined)) out.push(...(bytes as number[]));
      else if (this.unk !== undefined) {
        if (!(this.fuseUnk && previousUnk)) out.push(this.unk);
        previousUnk = true;
        continue;
      }
      previousUnk = false;
    }
  }

  encode(text: string): Int32Array {
    assertWellFormed(text);
    const out: number[] = [];
    let section = 0;
    this.splitter.split(
      text,
      (part) => {
        const spaced = part.replaceAll(' ', SPACE);
        const prepend = this.prepend === 'legacy' || (!spaced.startsWith(SPACE) && (this.prepend === 'always' || section === 0));
        section++;
        const symbols: number[] = [];
        this.symbols(prepend ? SPACE + spaced : spaced, symbols);
        out.push(...applyRanks(symbols, this.ranks));
      },
      (id) => {
        section++;
        out.push(id);
      },
    );
    return Int32Array.from(out);
  }

  encodeWithSpecials(text: string): Int32Array {
    return applyTemplate(this.template, this.encode(text));
  }

  tokenStrings(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      const t = this.vocab[id];
      if (t === undefined) throw new TokenizerError(`token id ${id} is outside the vocabulary (size ${this.vocab.length})`);
      const b = this.byteIds.indexOf(id);
      return b >= 0 ? (b < 0x80 ? String.fromCharCode(b) : '\ufffd') : t.replaceAll(SPACE, ' ');
    });
  }

  decode(ids: ArrayLike<number>): string {
    const tokens = Array.from(ids, (id) => {
      const t = this.vocab[id];
      if (t === undefined) throw new TokenizerError(`token id ${id} is outside the vocabulary (size ${this.vocab.length})`);
      return t;
    });
    let text = '';
    let bytes: number[] = [];
    const flush = () => {
      if (bytes.length) text += utf8Decode(bytes);
      bytes = [];
    };
    for (const t of tokens) {
      const b = this.decodeBytes && /^<0x[0-9A-F]{2}>$/.test(t) ? parseInt(t.slice(3, 5), 16) : -1;
      if (b >= 0) bytes.push(b);
      else {
        flush();
        text += t.replaceAll(SPACE, ' ');
      }
    }
    flush();
    return text.startsWith(' ') ? text.slice(1) : text;
  }

  toTokenizerJson(): string {
    return JSON.stringify(this.json);
  }
}

/** A SentencePiece-style BPE codec from a parsed tokenizer.json with byte_fallback. */
export function sentencePieceBpeFromJson(json: Json): SentencePieceBpeCodec {
  return new SentencePieceBpeCodec(json, readVocabById((json.model as Json).vocab, readAddedTokens(json)));
}
