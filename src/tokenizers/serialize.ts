// Hugging Face tokenizer.json for our BPE tokenizers, so transformers.js and `tokenizers` load
// them. Byte mode is GPT-2's layout (ByteLevel pre-tokenizer and decoder). Word mode appends the
// end-of-word symbol `_` to every word with a zero-width Replace normalizer, splits on
// whitespace, and merges over characters with `_` as a symbol of its own — the taught procedure.
// Reading validates every field before anything is built.
import { TokenizerError } from './errors.ts';
import { END_OF_WORD, type Mode } from './pretokenize.ts';
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

export function toTokenizerJson(tok: Tokenizer): Json {
  const vocab: Record<string, number> = {};
  for (let id = 0; id < tok.vocabSize; id++) {
    const t = tok.idToToken(id)!;
    if (!tok.specialTokens.includes(t)) vocab[t] = id;
  }
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
  const byId: string[] = [];
  const put = (t: string, id: unknown, field: string) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) fail(field, `has id ${JSON.stringify(id)} for ${JSON.stringify(t)}: ids are non-negative integers`);
    if (byId[id] !== undefined && byId[id] !== t) fail(field, `gives id ${id} to both ${JSON.stringify(byId[id])} and ${JSON.stringify(t)}`);
    byId[id] = t;
  };
  for (const [t, id] of Object.entries(model.vocab)) put(t, id, 'model.vocab');
  for (const a of added) put(a.content, a.id, 'added_tokens');
  for (let i = 0; i < byId.length; i++) if (byId[i] === undefined) fail('model.vocab', `has no token with id ${i}: ids must be 0…${byId.length - 1} without gaps`);
  return byId;
}

function readAdded(json: Json): { id: number; content: string }[] {
  const added = json.added_tokens ?? [];
  if (!Array.isArray(added)) fail('added_tokens', 'must be an array');
  return added.map((a: unknown, i) => {
    if (!isObject(a) || typeof a.content !== 'string' || typeof a.id !== 'number') fail(`added_tokens[${i}]`, 'must have a string content and a numeric id');
    return { id: a.id, content: a.content };
  });
}

function readMode(json: Json): Mode {
  const pre = json.pre_tokenizer;
  if (isObject(pre) && pre.type === 'ByteLevel') return 'byte';
  if (isObject(pre) && pre.type === 'WhitespaceSplit') return 'word';
  return fail('pre_tokenizer', 'must be ByteLevel (byte mode) or WhitespaceSplit (word mode): other pre-tokenizers are not supported');
}

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
  const added = readAdded(json);
  const vocab = readVocab(json.model, added);
  const ids = new Map(vocab.map((t, i) => [t, i]));
  const merges = readMerges(json.model.merges, ids);
  return new Tokenizer({ mode, vocab, merges, specialTokens: added.map((a) => a.content) });
}
