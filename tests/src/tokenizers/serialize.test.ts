// tokenizer.json: round trip, strict validation, and loading in transformers.js (offline) with
// the same ids as ours.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import ranks from 'js-tiktoken/ranks/gpt2';
import {
  fromTokenizerJson, gpt2FromTiktokenRanks, learnBpe, mergesText, toTokenizerJson, TokenizerError, type Tokenizer,
} from '../../../src/tokenizers/index.ts';
import { brownText } from '../../../corpora/brown.ts';
import { tempDir } from '../../server/helpers.ts';

const root = tempDir('lmw-hf-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = root;

const sample = brownText().slice(0, 300_000);
const TEXTS = ['The jury said it would not be done.', 'Newer and wider, the lowest price: 3.14 dollars!', "it's  two\tspaces\nand lines"];

async function viaTransformers(name: string, tok: Tokenizer): Promise<(text: string) => number[]> {
  mkdirSync(join(root, name), { recursive: true });
  writeFileSync(join(root, name, 'tokenizer.json'), JSON.stringify(toTokenizerJson(tok)));
  writeFileSync(join(root, name, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'PreTrainedTokenizerFast' }));
  const hf = await AutoTokenizer.from_pretrained(name);
  return (text) => hf.encode(text, { add_special_tokens: false });
}

describe('tokenizer.json', () => {
  it('reads merges written as "a b" strings too', () => {
    const tok = learnBpe(sample, { mode: 'byte', merges: 100 });
    const json = toTokenizerJson(tok) as { model: { merges: [string, string][] } };
    const back = fromTokenizerJson({ ...json, model: { ...json.model, merges: json.model.merges.map((m) => m.join(' ')) } });
    expect(back.merges).toEqual(tok.merges);
  });

  it('rejects a byte-level vocabulary without all 256 byte symbols', () => {
    const json = toTokenizerJson(learnBpe(sample.slice(0, 20_000), { mode: 'byte', merges: 20 })) as Record<string, any>;
    const vocab = Object.fromEntries(Object.entries(json.model.vocab as Record<string, number>).map(([t, id]) => [t === 'Ā' ? 'zzz' : t, id]));
    expect(() => fromTokenizerJson({ ...json, model: { ...json.model, vocab, merges: [] } })).toThrow(/field "model.vocab" has no token "Ā"/);
  });

  it.each(['byte', 'word'] as const)('round-trips a %s-mode tokenizer', (mode) => {
    const tok = learnBpe(sample, { mode, merges: 500, specialTokens: ['<|endoftext|>', '[UNK]'] });
    const back = fromTokenizerJson(JSON.stringify(toTokenizerJson(tok)));
    expect(back.mode).toBe(mode);
    expect(back.vocabSize).toBe(tok.vocabSize);
    expect(back.merges).toEqual(tok.merges);
    for (const t of TEXTS) expect(back.encodeIds(t)).toEqual(tok.encodeIds(t));
    expect(mergesText(tok).split('\n')[1]).toBe(tok.merges[0]!.join(' '));
  });

  it.each(['byte', 'word'] as const)('loads in transformers.js with the same ids (%s mode)', async (mode) => {
    const specialTokens = ['<|endoftext|>', '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
    const tok = learnBpe(sample, { mode, merges: 800, specialTokens });
    const hf = await viaTransformers(`ours-${mode}`, tok);
    const texts = [...TEXTS, '[CLS] first part [SEP] second<|endoftext|>[PAD][PAD]', 'unknown: ☃ 日本 zebra_crossing'];
    for (const t of texts) expect(hf(t), t).toEqual(Array.from(tok.encodeIds(t)));
    if (mode === 'word') expect(tok.encode(texts[4]!).tokens).toContain('[UNK]');
    else expect(tok.decode(tok.encodeIds(texts[4]!))).toBe(texts[4]);
  });

  it('exports GPT-2 so that transformers.js agrees with it', async () => {
    const gpt2 = gpt2FromTiktokenRanks(ranks);
    const hf = await viaTransformers('gpt2-export', gpt2);
    for (const t of [...TEXTS, 'café 日本語 👩‍👩‍👧 12345']) expect(hf(t)).toEqual(Array.from(gpt2.encodeIds(t)));
  });

  describe('rejects bad files with the field named', () => {
    const good = () => toTokenizerJson(learnBpe(sample.slice(0, 20_000), { mode: 'byte', merges: 20 })) as Record<string, any>;
    const cases: [string, () => unknown, RegExp][] = [
      ['truncated JSON', () => JSON.stringify(good()).slice(0, 500), /truncated or malformed tokenizer\.json/],
      ['no model', () => ({ ...good(), model: undefined }), /field "model" is missing/],
      ['a WordPiece model', () => ({ ...good(), model: { ...good().model, type: 'WordPiece' } }), /field "model.type" is "WordPiece"/],
      ['an unknown pre-tokenizer', () => ({ ...good(), pre_tokenizer: { type: 'Metaspace' } }), /field "pre_tokenizer"/],
      ['a merge of unknown tokens', () => { const j = good(); j.model.merges.push(['zz', 'qq']); return j; }, /model\.merges\[20\].*"zz"/],
      ['a gap in the ids', () => { const j = good(); delete j.model.vocab[Object.keys(j.model.vocab)[5]!]; return j; }, /no token with id 5/],
      ['a duplicate id', () => { const j = good(); j.model.vocab['zzz'] = 3; return j; }, /gives id 3 to both/],
      ['a negative id', () => { const j = good(); j.model.vocab['zzz'] = -1; return j; }, /ids are non-negative integers/],
      ['an id past the end', () => { const j = good(); j.model.vocab['zzz'] = 2 ** 40; return j; }, /no token with id 276/],
      ['a token at two ids', () => { const j = good(); j.added_tokens = [{ id: 276, content: 'Ġthe' }]; return j; }, /"Ġthe" at two ids/],
      ['a non-numeric id', () => { const j = good(); j.model.vocab = { ...j.model.vocab, Ā: 'one' }; return j; }, /field "model.vocab" has id "one"/],
      ['vocab not an object', () => ({ ...good(), model: { ...good().model, vocab: [] } }), /field "model.vocab" must be an object/],
      ['merges not an array', () => ({ ...good(), model: { ...good().model, merges: 'a b' } }), /field "model.merges" must be an array/],
      ['a merge of three parts', () => { const j = good(); j.model.merges[3] = ['a', 'b', 'c']; return j; }, /model\.merges\[3\]" must be "a b"/],
      ['a prefix space', () => ({ ...good(), pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true } }), /field "pre_tokenizer.add_prefix_space" is true/],
      ['a normalizer in byte mode', () => ({ ...good(), normalizer: { type: 'NFC' } }), /field "normalizer" must be null/],
      ['word mode without its end-of-word normalizer', () => ({ ...good(), pre_tokenizer: { type: 'WhitespaceSplit' } }), /field "normalizer" must be the end-of-word marker/],
      ['an end-of-word suffix', () => ({ ...good(), model: { ...good().model, end_of_word_suffix: '</w>' } }), /field "model.end_of_word_suffix" is "<\/w>"/],
      ['dropout', () => ({ ...good(), model: { ...good().model, dropout: 0.1 } }), /field "model.dropout" is 0.1/],
      ['an unk token outside the vocabulary', () => ({ ...good(), model: { ...good().model, unk_token: '[UNK]' } }), /"\[UNK\]", which is not in the vocabulary/],
      ['a template post-processor', () => ({ ...good(), post_processor: { type: 'TemplateProcessing' } }), /field "post_processor"/],
      ['an added token without id', () => ({ ...good(), added_tokens: [{ content: '[PAD]' }] }), /field "added_tokens\[0\]" must have/],
      ['not an object', () => '[1, 2]', /must be a JSON object/],
    ];
    it.each(cases)('%s', (_, make, message) => {
      const input = make();
      expect(() => fromTokenizerJson(input)).toThrow(TokenizerError);
      expect(() => fromTokenizerJson(input)).toThrow(message);
    });
  });
});
