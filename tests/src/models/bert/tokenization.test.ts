// The encoder's tokenizer: BERT's special tokens and the [CLS] … [SEP] template, the same ids in
// transformers.js from the saved tokenizer.json (byte and word mode), truncation keeping the head
// or the head and the tail, and a clear error for a tokenizer without the special tokens.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { EncoderTokenizer } from '../../../../src/models/bert/tokenization.ts';
import { learnBpe } from '../../../../src/tokenizers/bpe/learn.ts';
import { toTokenizerJson } from '../../../../src/tokenizers/serialize.ts';
import { brownText } from '../../../../corpora/brown.ts';
import { tempDir } from '../../../server/helpers.ts';

const root = tempDir('lmw-enc-tok-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = root;

const sample = brownText().slice(0, 200_000);
const TEXTS = ['The jury said it would not be done.', 'Newer and wider, the lowest price: 3.14 dollars!', 'unknown: ☃ zebra_crossing'];

describe('EncoderTokenizer', () => {
  it.each(['byte', 'word'] as const)('gives transformers.js the same ids with [CLS] and [SEP] (%s mode)', async (mode) => {
    const tok = EncoderTokenizer.learn(sample, { mode, vocabSize: 600 });
    const dir = join(root, `enc-${mode}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tokenizer.json'), tok.toTokenizerJson());
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(tok.tokenizerConfig(64)));
    const hf = await AutoTokenizer.from_pretrained(`enc-${mode}`);
    for (const t of TEXTS) {
      const ours = Array.from(tok.encode(t, 64));
      expect(ours[0]).toBe(tok.cls);
      expect(ours.at(-1)).toBe(tok.sep);
      expect(hf.encode(t), t).toEqual(ours);
    }
    expect(hf.mask_token_id).toBe(tok.mask);
    expect(hf.pad_token_id).toBe(tok.pad);
    // The saved file reads back to the same tokenizer.
    const back = EncoderTokenizer.fromTokenizerJson(tok.toTokenizerJson());
    for (const t of TEXTS) expect(back.encode(t, 64)).toEqual(tok.encode(t, 64));
  }, 120_000);

  it('truncates to the context keeping the head, or the head and the tail', () => {
    const tok = EncoderTokenizer.learn(sample, { mode: 'byte', vocabSize: 400 });
    const text = sample.slice(0, 2000);
    const all = Array.from(tok.tokenizer.encodeIds(text));
    const head = Array.from(tok.encode(text, 12));
    expect(head).toEqual([tok.cls, ...all.slice(0, 10), tok.sep]);
    const both = Array.from(tok.encode(text, 12, 'head+tail'));
    expect(both).toEqual([tok.cls, ...all.slice(0, 5), ...all.slice(-5), tok.sep]);
    expect(Array.from(tok.encode('Hi.', 12))).toEqual([tok.cls, ...tok.tokenizer.encodeIds('Hi.'), tok.sep]);
    expect(() => tok.encode(text, 2)).toThrow(/maxLength must be an integer ≥ 3/);
  });

  it('refuses a tokenizer without BERT’s special tokens', () => {
    const plain = learnBpe(sample, { mode: 'byte', merges: 50, specialTokens: ['[PAD]', '[UNK]', '[CLS]'] });
    expect(() => new EncoderTokenizer(plain)).toThrow(/lacks the special tokens \[SEP\] \[MASK\]/);
    expect(() => EncoderTokenizer.fromTokenizerJson(JSON.stringify(toTokenizerJson(plain)))).toThrow(/lacks the special tokens \[SEP\] \[MASK\]/);
  });
});
