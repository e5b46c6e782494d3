// Hugging Face tokenizer.json: byte mode in GPT-2's layout; word mode as a Replace normalizer adding
// `_` after each word, WhitespaceSplit, and `_` a symbol of its own (HF's end_of_word_suffix would
// glue it to the last character). Reading checks every field and refuses what it cannot honour.
import { TokenizerError } from './errors.ts';
import { BYTE_TO_CHAR, END_OF_WORD, type Mode } from './pretokenize.ts';
import { Tokenizer } from './bpe/segment.ts';

type Json = Record<string, unknown>;

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const WORD_NORMALIZER = { type: 'Replace', pattern: { Regex: '(?<=\\S)(?=\\s|$)' }, content: END_OF_WORD };
const WORD_DECODER = {
  type: 'Sequence',
  decoders: [
    { type: 'Replace', pattern: { String: END_OF_WORD }, content: ' ' },
    { type: 'Fuse' },
    { type: 'Strip', content: ' ', start: 0, stop: 1 },
  ],
};

/** tokenizer.json of a tokenizer; special tokens are in both model.vocab (as GPT-2's) and added_tokens. */
export function toTokenizerJson(tok: Tokenizer): Json {
  const vocab: Record<string, number> = {};
  for (let id = 0; id < tok.vocabSize; id++) vocab[tok.idToToken(id)!] = id;
  const byte = tok.mode === 'byte';
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: tok.specialTokens.map((content) => ({
      id: tok.tokenToId(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: byte ? null : WORD_NORMALIZER,
    pre_tokenizer: byte ? BYTE_LEVEL : { type: 'WhitespaceSplit' },
    post_processor: null,
    decoder: byte ? BYTE_LEVEL : WORD_DECODER,
    model: {
      type: 'BPE', dropout: null, unk_token: tok.tokenToId('[UNK]') === undefined ? null : '[UNK]', continuing_subword_prefix: null,
      end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false,
      vocab,
      merges: tok.merges.map(([a, b]) => [a, b]),
    },
  };
}

/** merges.txt: the merges in learned order, one `a b` per line, after a version line. */
export function mergesText(tok: Tokenizer): string {
  return `#version: 0.2\n${tok.merges.map(([a, b]) => `${a} ${b}`).join('\n')}\n`;
}

function fail(field: string, problem: string): never {
  throw new TokenizerError(`tokenizer.json: field "${field}" ${problem}`);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readMerges(merges: unknown, vocab: Map<string, number>): [string, string][] {
  if (!Array.isArray(merges)) fail('model.merges', 'must be an array');
  return merges.map((m, i) => {
    let pair: unknown[];
    if (typeof m === 'string') {
      const space = m.indexOf(' ', 1);
      pair = space < 0 ? [m] : [m.slice(0, space), m.slice(space + 1)];
    } else pair = Array.isArray(m) ? m : [];
    if (pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      fail(`model.merges[${i}]`, 'must be "a b" or ["a", "b"]');
    }
    const [a, b] = pair as [string, string];
    for (const t of [a, b, a + b]) if (!vocab.has(t)) fail(`model.merges[${i}]`, `uses the token ${JSON.stringify(t)}, which is not in model.vocab`);
    return [a, b];
  });
}

function readVocab(model: Json, added: { id: number; content: string }[]): string[] {
  if (!isObject(model.vocab)) fail('model.vocab', 'must be an object of token → id');
  const byId = new Map<number, string>();
  const idOf = new Map<string, number>();
  const put = (t: string, id: unknown, field: string) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) fail(field, `has id ${JSON.stringify(id)} for ${JSON.stringify(t)}: ids are non-negative integers`);
    const other = byId.get(id);
    if (other !== undefined && other !== t) fail(field, `gives id ${id} to both ${JSON.stringify(other)} and ${JSON.stringify(t)}`);
    const before = idOf.get(t);
    if (before !== undefined && before !== id) fail(field, `has the token ${JSON.stringify(t)} at two ids (${before} and ${id})`);
    byId.set(id, t);
    idOf.set(t, id);
  };
  for (const [t, id] of Object.entries(model.vocab)) put(t, id, 'model.vocab');
  for (const a of added) put(a.content, a.id, 'added_tokens');
  const size = byId.size;
  const vocab: string[] = [];
  for (let i = 0; i < size; i++) {
    const t = byId.get(i);
    if (t === undefined) fail('model.vocab', `has no token with id ${i}: ids must be 0…${size - 1} without gaps`);
    vocab.push(t);
  }
  return vocab;
}

function readAdded(json: Json): { id: number; content: string }[] {
  const added = json.added_tokens ?? [];
  if (!Array.isArray(added)) fail('added_tokens', 'must be an array');
  return added.map((a: unknown, i) => {
    if (!isObject(a) || typeof a.content !== 'string' || a.content.length === 0 || typeof a.id !== 'number') {
      fail(`added_tokens[${i}]`, 'must have a non-empty string content and a numeric id');
    }
    return { id: a.id, content: a.content };
  });
}

const isNullish = (v: unknown) => v === undefined || v === null;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function readMode(json: Json): Mode {
  const pre = json.pre_tokenizer;
  if (isObject(pre) && pre.type === 'ByteLevel') {
    if (pre.add_prefix_space === true) fail('pre_tokenizer.add_prefix_space', 'is true; only false (as GPT-2) is supported');
    if (pre.use_regex === false) fail('pre_tokenizer.use_regex', "is false; only GPT-2's regex split is supported");
    if (!isNullish(json.normalizer)) fail('normalizer', 'must be null for a ByteLevel tokenizer; normalizers are not supported');
    return 'byte';
  }
  if (isObject(pre) && pre.type === 'WhitespaceSplit') {
    if (!sameJson(json.normalizer, WORD_NORMALIZER)) fail('normalizer', `must be the end-of-word marker ${JSON.stringify(WORD_NORMALIZER)} for word mode`);
    return 'word';
  }
  return fail('pre_tokenizer', 'must be ByteLevel (byte mode) or WhitespaceSplit (word mode): other pre-tokenizers are not supported');
}

function checkModel(model: Json, mode: Mode, vocab: string[]): void {
  if (!isNullish(model.dropout) && model.dropout !== 0) fail('model.dropout', `is ${JSON.stringify(model.dropout)}; BPE dropout is not supported`);
  for (const f of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
    if (!isNullish(model[f]) && model[f] !== '') fail(`model.${f}`, `is ${JSON.stringify(model[f])}; only null or "" is supported`);
  }
  for (const f of ['byte_fallback', 'fuse_unk', 'ignore_merges'] as const) {
    if (!isNullish(model[f]) && model[f] !== false) fail(`model.${f}`, `is ${JSON.stringify(model[f])}; only false is supported`);
  }
  if (!isNullish(model.unk_token) && model.unk_token !== '[UNK]') fail('model.unk_token', `is ${JSON.stringify(model.unk_token)}; only null or "[UNK]" is supported`);
  const present = new Set(vocab);
  if (model.unk_token === '[UNK]' && !present.has('[UNK]')) fail('model.unk_token', 'is "[UNK]", which is not in the vocabulary');
  const missing = mode === 'byte' ? BYTE_TO_CHAR.find((c) => !present.has(c)) : present.has(END_OF_WORD) ? undefined : END_OF_WORD;
  if (missing !== undefined) fail('model.vocab', `has no token ${JSON.stringify(missing)}, which every ${mode}-mode vocabulary needs`);
}

function checkPostProcessor(json: Json): void {
  const post = json.post_processor;
  if (!isNullish(post) && !(isObject(post) && post.type === 'ByteLevel')) fail('post_processor', 'must be null or ByteLevel: templates that add tokens are not supported');
}

/** A Tokenizer from tokenizer.json (its text or the parsed object), after checking every field. */
export function fromTokenizerJson(input: string | unknown): Tokenizer {
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
  if (json.model.type !== 'BPE') fail('model.type', `is ${JSON.stringify(json.model.type)}; only BPE is supported`);
  const mode = readMode(json);
  checkPostProcessor(json);
  const added = readAdded(json);
  const vocab = readVocab(json.model, added);
  checkModel(json.model, mode, vocab);
  const ids = new Map(vocab.map((t, i) => [t, i]));
  const merges = readMerges(json.model.merges, ids);
  return new Tokenizer({ mode, vocab, merges, specialTokens: added.map((a) => a.content) });
}
