// BERT's WordPiece tokenizer from tokenizer.json (Devlin et al. 2019; Wu et al. 2016): the basic
// tokenizer (clean control characters, spaces around CJK ideographs, lower-case, strip accents,
// split on whitespace and punctuation), then greedy longest-match-first pieces with `##` for the
// continuation, a word with no match (or over max_input_chars_per_word) becoming [UNK]; the
// [CLS] … [SEP] template; decoding joins pieces and cleans spaces before punctuation.
// Leaves out pair inputs and offsets. Reference: google-research/bert tokenization.py.
import { TokenizerError } from './errors.ts';
import { assertWellFormed } from './pretokenize.ts';
import type { TokenCodec } from './codec.ts';
import {
  AddedTokenSplitter, applyTemplate, fail, isNullish, isObject, readAddedTokens, readTemplate, readVocabById, type Json, type Template,
} from './hf-parts.ts';

interface BertNormalizer {
  cleanText: boolean;
  chineseChars: boolean;
  stripAccents: boolean;
  lowercase: boolean;
}

/** The CJK Unified Ideographs blocks BERT pads with spaces (code points, astral ones included). */
export function isCjk(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2b73f)
    || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

const CONTROL = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const WORDS = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');

function normalize(text: string, n: BertNormalizer): string {
  let out = '';
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (n.cleanText) {
      if (cp === 0 || cp === 0xfffd || (c !== '\t' && c !== '\n' && c !== '\r' && CONTROL.test(c))) continue;
      if (/^\s$/u.test(c)) {
        out += ' ';
        continue;
      }
    }
    out += n.chineseChars && isCjk(cp) ? ` ${c} ` : c;
  }
  if (n.lowercase) out = out.toLowerCase();
  if (n.stripAccents) out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
  return out;
}

function readNormalizer(v: unknown): BertNormalizer {
  if (!isObject(v) || v.type !== 'BertNormalizer') fail('normalizer', 'must be a BertNormalizer for a WordPiece tokenizer');
  const flag = (f: string, dflt: boolean) => {
    const x = v[f];
    if (isNullish(x)) return dflt;
    if (typeof x !== 'boolean') fail(`normalizer.${f}`, 'must be true, false or null');
    return x;
  };
  const lowercase = flag('lowercase', true);
  return { cleanText: flag('clean_text', true), chineseChars: flag('handle_chinese_chars', true), lowercase, stripAccents: flag('strip_accents', lowercase) };
}

const cleanUp = (s: string) =>
  s.replace(/ \./g, '.').replace(/ \?/g, '?').replace(/ !/g, '!').replace(/ ,/g, ',').replace(/ ' /g, "'")
    .replace(/ n't/g, "n't").replace(/ 'm/g, "'m").replace(/ 's/g, "'s").replace(/ 've/g, "'ve").replace(/ 're/g, "'re");

export class WordPieceCodec implements TokenCodec {
  readonly kind = 'wordpiece';
  readonly endOfText = null;
  private readonly ids: Map<string, number>;
  private readonly unk: number;
  private readonly prefix: string;
  private readonly maxChars: number;
  private readonly normalizer: BertNormalizer;
  private readonly splitter: AddedTokenSplitter;
  private readonly decodeCleanup: boolean;
  readonly template: Template;

  constructor(private readonly json: Json, private readonly vocab: string[]) {
    const model = json.model as Json;
    this.ids = new Map(vocab.map((t, i) => [t, i]));
    if (typeof model.unk_token !== 'string' || !this.ids.has(model.unk_token)) fail('model.unk_token', 'must name a token of the vocabulary');
    this.unk = this.ids.get(model.unk_token)!;
    this.prefix = isNullish(model.continuing_subword_prefix) ? '##' : String(model.continuing_subword_prefix);
    this.maxChars = isNullish(model.max_input_chars_per_word) ? 100 : Number(model.max_input_chars_per_word);
    if (!(Number.isInteger(this.maxChars) && this.maxChars > 0)) fail('model.max_input_chars_per_word', 'must be a positive integer');
    this.normalizer = readNormalizer(json.normalizer);
    const pre = json.pre_tokenizer;
    if (!isObject(pre) || pre.type !== 'BertPreTokenizer') fail('pre_tokenizer', 'must be a BertPreTokenizer for a WordPiece tokenizer');
    const dec = json.decoder;
    if (!isNullish(dec) && !(isObject(dec) && dec.type === 'WordPiece' && (isNullish(dec.prefix) || dec.prefix === this.prefix))) {
      fail('decoder', `must be a WordPiece decoder with prefix ${JSON.stringify(this.prefix)}`);
    }
    this.decodeCleanup = isObject(dec) && dec.cleanup === true;
    this.splitter = new AddedTokenSplitter(readAddedTokens(json));
    this.template = readTemplate(json.post_processor, (t) => this.ids.get(t));
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

  /** A word's pieces: the longest prefix in the vocabulary, then the longest `##` continuation, …; [UNK] when stuck. */
  private word(w: string, out: number[]): void {
    const chars = [...w];
    if (chars.length > this.maxChars) {
      out.push(this.unk);
      return;
    }
    const pieces: number[] = [];
    for (let start = 0; start < chars.length; ) {
      let end = chars.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = this.ids.get((start > 0 ? this.prefix : '') + chars.slice(start, end).join(''));
        if (id !== undefined) break;
      }
      if (id === undefined) {
        out.push(this.unk);
        return;
      }
      pieces.push(id);
      start = end;
    }
    out.push(...pieces);
  }

  encode(text: string): Int32Array {
    assertWellFormed(text);
    const out: number[] = [];
    this.splitter.split(
      text,
      (part) => {
        for (const m of normalize(part, this.normalizer).trim().matchAll(WORDS)) this.word(m[0], out);
      },
      (id) => out.push(id),
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
      return t;
    });
  }

  decode(ids: ArrayLike<number>): string {
    const text = this.tokenStrings(ids)
      .map((t, i) => (i === 0 ? t : t.startsWith(this.prefix) ? t.slice(this.prefix.length) : ` ${t}`))
      .join('');
    return this.decodeCleanup ? cleanUp(text) : text;
  }

  toTokenizerJson(): string {
    return JSON.stringify(this.json);
  }
}

/** A WordPiece codec from a parsed tokenizer.json whose model.type is WordPiece. */
export function wordPieceFromJson(json: Json): WordPieceCodec {
  const added = readAddedTokens(json);
  return new WordPieceCodec(json, readVocabById((json.model as Json).vocab, added));
}
