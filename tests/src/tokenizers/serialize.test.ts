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
    const tok = learnBpe(sample, { mode, merges: 800, specialTokens: mode === 'word' ? ['[UNK]'] : ['<|endoftext|>'] });
    const hf = await viaTransformers(`ours-${mode}`, tok);
    for (const t of TEXTS) expect(hf(t)).toEqual(Array.from(tok.encodeIds(t)));
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
    ];
    it.each(cases)('%s', (_, make, message) => {
      const input = make();
      expect(() => fromTokenizerJson(input)).toThrow(TokenizerError);
      expect(() => fromTokenizerJson(input)).toThrow(message);
    });
  });
});
