// One reader for every tokenizer.json the workbench meets: its own (characters; byte- or
// word-level BPE with special tokens), GPT-2's byte-level BPE, BERT's WordPiece, and Llama's
// SentencePiece-style BPE with byte fallback. The kind is read from the file's model, pre-
// tokenizer and byte_fallback fields; what none of them can honour is refused by field name.
// Leaves out Unigram models (T5, ALBERT) and pair inputs.
import { bpeCodec, codecFromTokenizerJson, isCharTokenizerJson, type TokenCodec } from './codec.ts';
import { fromTokenizerJson } from './serialize.ts';
import type { Tokenizer } from './bpe/segment.ts';
import { TokenizerError } from './errors.ts';
import { fail, readAddedTokens, tokenizerJsonObject, type Json } from './hf-parts.ts';
import { isSentencePieceBpe, sentencePieceBpeFromJson } from './sp-bpe.ts';
import { wordPieceFromJson } from './wordpiece.ts';

export interface LoadedTokenizer extends TokenCodec {
  /** Ids of text with the file's template around them ([CLS] … [SEP], <s> …; none for GPT-2 and ours). */
  encodeWithSpecials(text: string): Int32Array;
  tokenToId(token: string): number | undefined;
  /** The vocabulary's own string for an id (`Ġthe`, `##ing`, `<0x0A>`, `er_`), undefined outside it. */
  idToToken(id: number): string | undefined;
}

/** The workbench's own codecs (and GPT-2's), which have no template. */
class PlainCodec implements LoadedTokenizer {
  constructor(
    private readonly codec: TokenCodec,
    readonly tokenToId: (token: string) => number | undefined,
    readonly idToToken: (id: number) => string | undefined,
  ) {}

  get kind() {
    return this.codec.kind;
  }

  get vocabSize(): number {
    return this.codec.vocabSize;
  }

  get endOfText(): number | null {
    return this.codec.endOfText;
  }

  encode(text: string): Int32Array {
    return this.codec.encode(text);
  }

  encodeWithSpecials(text: string): Int32Array {
    return this.codec.encode(text);
  }

  decode(ids: ArrayLike<number>): string {
    return this.codec.decode(ids);
  }

  tokenStrings(ids: ArrayLike<number>): string[] {
    return this.codec.tokenStrings(ids);
  }

  toTokenizerJson(): string {
    return this.codec.toTokenizerJson();
  }
}

/** A byte- or word-level BPE Tokenizer (the workbench's, GPT-2's) as a LoadedTokenizer. */
export function bpeTokenizer(tok: Tokenizer): LoadedTokenizer {
  return new PlainCodec(bpeCodec(tok), (t) => tok.tokenToId(t), (id) => tok.idToToken(id));
}

/** A tokenizer from tokenizer.json text (or the parsed object), checked field by field. */
export function loadTokenizer(input: string | unknown): LoadedTokenizer {
  const parsed: Json = tokenizerJsonObject(input);
  const model = { ...(parsed.model as Json) };
  // Older files (GPT-2's on the hub) leave model.type out; the tokenizers library infers it from the fields.
  model.type ??= Array.isArray(model.merges) ? 'BPE' : Array.isArray(model.vocab) ? 'Unigram' : 'max_input_chars_per_word' in model ? 'WordPiece' : undefined;
  const json: Json = { ...parsed, model };
  readAddedTokens(json);
  if (model.type === 'WordPiece') return wordPieceFromJson(json);
  if (model.type === 'BPE' && isSentencePieceBpe(json)) return sentencePieceBpeFromJson(json);
  if (model.type === 'BPE' && isCharTokenizerJson(json)) {
    const codec = codecFromTokenizerJson(JSON.stringify(json));
    const ids = new Map(codec.tokenStrings(Array.from({ length: codec.vocabSize }, (_, i) => i)).map((c, i) => [c, i]));
    const chars = [...ids.keys()];
    return new PlainCodec(codec, (t) => ids.get(t), (id) => chars[id]);
  }
  if (model.type === 'BPE') return bpeTokenizer(fromTokenizerJson(json));
  if (model.type === 'Unigram') throw new TokenizerError('tokenizer.json: field "model.type" is "Unigram"; Unigram models (T5, ALBERT) are not supported');
  return fail('model.type', `is ${JSON.stringify(model.type)}; BPE and WordPiece are supported`);
}
