// What a language model needs from a tokenizer: text → ids → text, the vocabulary size, the
// end-of-text id, token labels for attention maps, and tokenizer.json to save beside the
// weights. Two kinds: characters (the vocabulary is the corpus's characters, sorted by code
// point) and a BPE Tokenizer. A char tokenizer.json is a BPE model with no merges, no
// pre-tokenizer and the Fuse decoder, so Hugging Face tokenizers read it as the same mapping.
import { TokenizerError } from './errors.ts';
import { assertWellFormed } from './pretokenize.ts';
import { fromTokenizerJson, toTokenizerJson } from './serialize.ts';
import type { Tokenizer } from './bpe/segment.ts';

export interface TokenCodec {
  /** char and bpe: the workbench's own; wordpiece (BERT) and sp-bpe (Llama): read by load.ts. */
  readonly kind: 'char' | 'bpe' | 'wordpiece' | 'sp-bpe';
  readonly vocabSize: number;
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
  /** One display label per id (a byte-level token that splits a character shows U+FFFD). */
  tokenStrings(ids: ArrayLike<number>): string[];
  /** The id that ends a document (`<|endoftext|>`), or null when the vocabulary has none. */
  readonly endOfText: number | null;
  toTokenizerJson(): string;
}

export const END_OF_TEXT = '<|endoftext|>';

class CharCodec implements TokenCodec {
  readonly kind = 'char';
  private readonly ids = new Map<string, number>();

  constructor(private readonly chars: string[]) {
    if (chars.length === 0) throw new TokenizerError('a character vocabulary needs at least one character');
    chars.forEach((c, i) => {
      if ([...c].length !== 1) throw new TokenizerError(`character vocabulary entry ${JSON.stringify(c)} is not one character`);
      if (this.ids.has(c)) throw new TokenizerError(`character vocabulary has ${JSON.stringify(c)} twice`);
      this.ids.set(c, i);
    });
  }

  get vocabSize(): number {
    return this.chars.length;
  }

  get endOfText(): null {
    return null;
  }

  encode(text: string): Int32Array {
    assertWellFormed(text);
    const out = new Int32Array([...text].length);
    let i = 0;
    for (const c of text) {
      const id = this.ids.get(c);
      if (id === undefined) throw new TokenizerError(`the character ${JSON.stringify(c)} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not in this model's vocabulary`);
      out[i++] = id;
    }
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    return this.tokenStrings(ids).join('');
  }

  tokenStrings(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      const c = this.chars[id];
      if (c === undefined) throw new TokenizerError(`token id ${id} is outside the vocabulary (size ${this.chars.length})`);
      return c;
    });
  }

  toTokenizerJson(): string {
    const vocab = Object.fromEntries(this.chars.map((c, i) => [c, i]));
    return JSON.stringify({
      version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: null,
      post_processor: null, decoder: { type: 'Fuse' },
      model: {
        type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
        fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: [],
      },
    });
  }
}

class BpeCodec implements TokenCodec {
  readonly kind = 'bpe';
  readonly endOfText: number | null;

  constructor(private readonly tok: Tokenizer) {
    this.endOfText = tok.tokenToId(END_OF_TEXT) ?? null;
  }

  get vocabSize(): number {
    return this.tok.vocabSize;
  }

  encode(text: string): Int32Array {
    return this.tok.encodeIds(text, { allowSpecial: true });
  }

  decode(ids: ArrayLike<number>): string {
    return this.tok.decode(ids);
  }

  tokenStrings(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.tok.decode([id]));
  }

  toTokenizerJson(): string {
    return JSON.stringify(toTokenizerJson(this.tok));
  }
}

/** The characters of a corpus, sorted by code point, as a vocabulary. */
export function charCodecFromText(text: string): TokenCodec {
  assertWellFormed(text, 'corpus');
  if (text.length === 0) throw new TokenizerError('the corpus is empty: a character vocabulary needs text');
  return new CharCodec([...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!));
}

export function bpeCodec(tok: Tokenizer): TokenCodec {
  return new BpeCodec(tok);
}

/** Whether a parsed tokenizer.json is the workbench's character form (BPE without merges or pre-tokenizer, Fuse decoder). */
export const isCharTokenizerJson = (j: Record<string, unknown>) => {
  const m = j.model as Record<string, unknown> | undefined;
  const d = j.decoder as Record<string, unknown> | null | undefined;
  return m?.type === 'BPE' && Array.isArray(m.merges) && m.merges.length === 0 && j.pre_tokenizer == null && d?.type === 'Fuse';
};

/** A codec from tokenizer.json text: ours in char form, or any BPE tokenizer.json we can read. */
export function codecFromTokenizerJson(text: string): TokenCodec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TokenizerError(`truncated or malformed tokenizer.json: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TokenizerError('tokenizer.json must be a JSON object');
  const j = json as Record<string, unknown>;
  if (!isCharTokenizerJson(j)) return bpeCodec(fromTokenizerJson(j));
  const vocab = (j.model as { vocab: unknown }).vocab;
  if (typeof vocab !== 'object' || vocab === null) throw new TokenizerError('tokenizer.json: field "model.vocab" must be an object');
  const entries = Object.entries(vocab as Record<string, unknown>);
  const chars: string[] = new Array<string>(entries.length);
  for (const [c, id] of entries) {
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= entries.length || chars[id as number] !== undefined) {
      throw new TokenizerError(`tokenizer.json: field "model.vocab" maps ${JSON.stringify(c)} to ${String(id)}; ids must be 0…${entries.length - 1}, each once`);
    }
    chars[id as number] = c;
  }
  return new CharCodec(chars);
}
