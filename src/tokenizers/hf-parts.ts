// Pieces of a Hugging Face tokenizer.json that every model type shares: the JSON object, the
// vocabulary by id (model.vocab plus added_tokens), the added tokens cut out of the text before
// normalization, and the post-processor's template ([CLS] A [SEP], <s> A). Leaves out pair
// templates (second sequences), truncation and padding (batch-time options the caller applies).
// Reference: https://huggingface.co/docs/tokenizers/api/post-processors
import { TokenizerError } from './errors.ts';
import { specialTokenPattern, splitOnSpecials } from './pretokenize.ts';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isNullish = (v: unknown) => v === undefined || v === null;

export function fail(field: string, problem: string): never {
  throw new TokenizerError(`tokenizer.json: field "${field}" ${problem}`);
}

/** The parsed tokenizer.json object (from its text or already parsed). */
export function tokenizerJsonObject(input: string | unknown): Json {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (err) {
      throw new TokenizerError(`truncated or malformed tokenizer.json: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (!isObject(json)) throw new TokenizerError('tokenizer.json must be a JSON object');
  if (!isObject(json.model)) fail('model', 'is missing or not an object');
  return json;
}

export interface AddedToken {
  id: number;
  content: string;
  special: boolean;
}

/** added_tokens, refusing the matching options we do not implement (lstrip, rstrip, single_word). */
export function readAddedTokens(json: Json): AddedToken[] {
  const added = json.added_tokens ?? [];
  if (!Array.isArray(added)) fail('added_tokens', 'must be an array');
  return added.map((a: unknown, i) => {
    if (!isObject(a) || typeof a.content !== 'string' || a.content.length === 0 || !Number.isInteger(a.id) || (a.id as number) < 0) {
      fail(`added_tokens[${i}]`, 'must have a non-empty string content and a non-negative integer id');
    }
    for (const f of ['lstrip', 'rstrip', 'single_word'] as const) {
      if (a[f] === true) fail(`added_tokens[${i}].${f}`, 'is true; only false is supported');
    }
    return { id: a.id as number, content: a.content, special: a.special !== false };
  });
}

/** Token strings by id from model.vocab (an object token → id) and the added tokens; ids must be 0…n−1. */
export function readVocabById(vocab: unknown, added: AddedToken[]): string[] {
  if (!isObject(vocab)) fail('model.vocab', 'must be an object of token → id');
  const byId: (string | undefined)[] = [];
  const idOf = new Map<string, number>();
  const put = (t: string, id: unknown, field: string) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= 1 << 24) fail(field, `has id ${JSON.stringify(id)} for ${JSON.stringify(t)}: ids are integers in 0…2²⁴`);
    const other = byId[id];
    if (other !== undefined && other !== t) fail(field, `gives id ${id} to both ${JSON.stringify(other)} and ${JSON.stringify(t)}`);
    const before = idOf.get(t);
    if (before !== undefined && before !== id) fail(field, `has the token ${JSON.stringify(t)} at two ids (${before} and ${id})`);
    byId[id] = t;
    idOf.set(t, id);
  };
  for (const [t, id] of Object.entries(vocab)) put(t, id, 'model.vocab');
  for (const a of added) put(a.content, a.id, 'added_tokens');
  for (let i = 0; i < byId.length; i++) if (byId[i] === undefined) fail('model.vocab', `has no token with id ${i}: ids must be 0…${byId.length - 1} without gaps`);
  return byId as string[];
}

/** Cuts added tokens (longest first) out of a text: calls `plain` for the stretches between them, `token` for each. */
export class AddedTokenSplitter {
  private readonly pattern: RegExp | undefined;
  private readonly ids: Map<string, number>;

  constructor(added: AddedToken[]) {
    this.ids = new Map(added.map((a) => [a.content, a.id]));
    this.pattern = specialTokenPattern(added.map((a) => a.content));
  }

  split(text: string, plain: (part: string) => void, token: (id: number) => void): void {
    splitOnSpecials(text, this.pattern, (start, end, special) => {
      if (special) token(this.ids.get(text.slice(start, end))!);
      else plain(text.slice(start, end));
    });
  }
}

/** The special ids a template puts before and after a single sequence. */
export interface Template {
  before: number[];
  after: number[];
}

const NO_TEMPLATE: Template = { before: [], after: [] };

function templateIds(piece: unknown, i: number, specials: Json, idOf: (t: string) => number | undefined): number[] | 'A' {
  if (isObject(piece) && isObject(piece.Sequence)) {
    if (piece.Sequence.id !== 'A') fail(`post_processor.single[${i}]`, 'names a sequence other than A');
    return 'A';
  }
  if (!isObject(piece) || !isObject(piece.SpecialToken) || typeof piece.SpecialToken.id !== 'string') fail(`post_processor.single[${i}]`, 'must be a SpecialToken or a Sequence');
  const name = piece.SpecialToken.id;
  const entry = specials[name];
  const ids = isObject(entry) && Array.isArray(entry.ids) ? entry.ids : [idOf(name)];
  if (!ids.every((id) => Number.isInteger(id) && (id as number) >= 0)) fail('post_processor.special_tokens', `has no ids for ${JSON.stringify(name)}`);
  return ids as number[];
}

/** The single-sequence template of a post_processor (TemplateProcessing, BertProcessing, ByteLevel or none). */
export function readTemplate(post: unknown, idOf: (t: string) => number | undefined): Template {
  if (isNullish(post)) return NO_TEMPLATE;
  if (!isObject(post)) fail('post_processor', 'must be an object or null');
  if (post.type === 'ByteLevel') return NO_TEMPLATE;
  if (post.type === 'BertProcessing') {
    const pair = (f: 'cls' | 'sep') => {
      const v = post[f];
      if (!Array.isArray(v) || typeof v[1] !== 'number') fail(`post_processor.${f}`, 'must be [token, id]');
      return v[1] as number;
    };
    return { before: [pair('cls')], after: [pair('sep')] };
  }
  if (post.type !== 'TemplateProcessing') fail('post_processor.type', `is ${JSON.stringify(post.type)}; only TemplateProcessing, BertProcessing and ByteLevel are supported`);
  if (!Array.isArray(post.single)) fail('post_processor.single', 'must be an array');
  const specials = isObject(post.special_tokens) ? post.special_tokens : {};
  const pieces = post.single.map((p, i) => templateIds(p, i, specials, idOf));
  const at = pieces.indexOf('A');
  if (at < 0 || pieces.lastIndexOf('A') !== at) fail('post_processor.single', 'must hold the sequence A exactly once');
  return { before: (pieces.slice(0, at) as number[][]).flat(), after: (pieces.slice(at + 1) as number[][]).flat() };
}

/** ids with the template around them. */
export function applyTemplate(t: Template, ids: ArrayLike<number>): Int32Array {
  const out = new Int32Array(t.before.length + ids.length + t.after.length);
  out.set(t.before, 0);
  out.set(Array.from(ids), t.before.length);
  out.set(t.after, t.before.length + ids.length);
  return out;
}
