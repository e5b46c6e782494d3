// An encoder's tokenizer: any of the workbench's BPE tokenizers (byte or word mode) with BERT's
// special tokens [PAD] [UNK] [CLS] [SEP] [MASK] and the `[CLS] text [SEP]` template; long texts
// are cut to the context keeping the head (default) or the head and the tail (Sun et al. 2019).
// tokenizer.json carries the template as HF's TemplateProcessing, so transformers.js adds the same
// [CLS]/[SEP]. Leaves out sentence pairs (segment B) and WordPiece.
import { TokenizerError } from '../../tokenizers/errors.ts';
import { learnBpe } from '../../tokenizers/bpe/learn.ts';
import type { Tokenizer } from '../../tokenizers/bpe/segment.ts';
import { fromTokenizerJson, toTokenizerJson } from '../../tokenizers/serialize.ts';

export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Which part of a text longer than the context is kept: its start, or its start and its end (half each). */
export type Truncation = 'head' | 'head+tail';

type Json = Record<string, unknown>;

export class EncoderTokenizer {
  readonly pad: number;
  readonly unk: number;
  readonly cls: number;
  readonly sep: number;
  readonly mask: number;
  /** The ids that are not special tokens: what MLM's random replacement draws from. */
  readonly ordinaryIds: Int32Array;

  constructor(readonly tokenizer: Tokenizer) {
    const missing = BERT_SPECIAL_TOKENS.filter((t) => tokenizer.tokenToId(t) === undefined || !tokenizer.specialTokens.includes(t));
    if (missing.length) throw new TokenizerError(`the tokenizer lacks the special token${missing.length > 1 ? 's' : ''} ${missing.join(' ')} that an encoder needs (${BERT_SPECIAL_TOKENS.join(' ')})`);
    const id = (t: string) => tokenizer.tokenToId(t)!;
    [this.pad, this.unk, this.cls, this.sep, this.mask] = BERT_SPECIAL_TOKENS.map(id) as [number, number, number, number, number];
    const special = new Set(tokenizer.specialTokens.map(id));
    this.ordinaryIds = Int32Array.from({ length: tokenizer.vocabSize }, (_, i) => i).filter((i) => !special.has(i));
    if (this.ordinaryIds.length === 0) throw new TokenizerError('the tokenizer has no ordinary tokens');
  }

  /** A new BPE tokenizer learned on the texts, with BERT's special tokens. */
  static learn(text: string, opts: { mode: 'byte' | 'word'; vocabSize: number }): EncoderTokenizer {
    return new EncoderTokenizer(learnBpe(text, { mode: opts.mode, vocabSize: opts.vocabSize, specialTokens: [...BERT_SPECIAL_TOKENS] }));
  }

  get vocabSize(): number {
    return this.tokenizer.vocabSize;
  }

  /** [CLS] text [SEP] in at most maxLength ids (≥ 3). */
  encode(text: string, maxLength: number, truncation: Truncation = 'head'): Int32Array {
    if (!(Number.isInteger(maxLength) && maxLength >= 3)) throw new TokenizerError(`maxLength must be an integer ≥ 3, got ${maxLength}`);
    const ids = this.tokenizer.encodeIds(text);
    const budget = maxLength - 2;
    let body: Int32Array = ids;
    if (ids.length > budget) {
      const head = truncation === 'head' ? budget : Math.ceil(budget / 2);
      body = new Int32Array(budget);
      body.set(ids.subarray(0, head));
      body.set(ids.subarray(ids.length - (budget - head)), head);
    }
    const out = new Int32Array(body.length + 2);
    out[0] = this.cls;
    out.set(body, 1);
    out[out.length - 1] = this.sep;
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    return this.tokenizer.decode(ids);
  }

  tokenStrings(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      const t = this.tokenizer.idToToken(id);
      return t !== undefined && this.tokenizer.specialTokens.includes(t) ? t : this.tokenizer.decode([id]);
    });
  }

  /** tokenizer.json with the [CLS] $A [SEP] template (HF TemplateProcessing). */
  toTokenizerJson(): string {
    const json = toTokenizerJson(this.tokenizer);
    return JSON.stringify({ ...json, post_processor: templateProcessor(this.cls, this.sep) });
  }

  /** tokenizer_config.json naming the special tokens (transformers and transformers.js read it). */
  tokenizerConfig(maxLength: number): Json {
    return {
      tokenizer_class: 'PreTrainedTokenizerFast', model_max_length: maxLength, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]',
    };
  }

  /** Reads tokenizer.json (ours with or without the template); refuses one without BERT's special tokens. */
  static fromTokenizerJson(text: string): EncoderTokenizer {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new TokenizerError(`truncated or malformed tokenizer.json: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TokenizerError('tokenizer.json must be a JSON object');
    const j = json as Json;
    const post = j.post_processor as Json | null | undefined;
    if (post && post.type === 'TemplateProcessing') {
      const tok = fromTokenizerJson({ ...j, post_processor: null });
      const enc = new EncoderTokenizer(tok);
      if (JSON.stringify(post) !== JSON.stringify(templateProcessor(enc.cls, enc.sep))) throw new TokenizerError('tokenizer.json: field "post_processor" is a template other than [CLS] $A [SEP] (and [CLS] $A [SEP] $B:1 [SEP]:1)');
      return enc;
    }
    return new EncoderTokenizer(fromTokenizerJson(j));
  }
}

function templateProcessor(cls: number, sep: number): Json {
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const seq = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    type: 'TemplateProcessing',
    single: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0)],
    pair: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0), seq('B', 1), special('[SEP]', 1)],
    special_tokens: {
      '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
    },
  };
}
