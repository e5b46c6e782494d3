// `lmw tokenizer encode|decode` takes every tokenizer.json the workbench writes (the char form a
// GPT run saves, word and byte BPE with special tokens) and the real BERT and Llama tokenizers:
// the ids the library's own codec gives, and the text back.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bpeCodec, charCodecFromText, type TokenCodec } from '../../src/tokenizers/codec.ts';
import { learnBpe } from '../../src/tokenizers/index.ts';
import { loadTokenizer } from '../../src/tokenizers/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'lmw-tok-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PRETRAINED = join(import.meta.dirname, '../../../shared/data/pretrained');

const run = (args: string[], input: string) => spawnSync('node', ['bin/lmw.js', 'tokenizer', ...args], { input, encoding: 'utf8' });

function folder(name: string, json: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'tokenizer.json'), json);
  return d;
}

const corpus = 'the quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs!\n'.repeat(20);
const text = 'the lazy fox jumps. The dog!';
const specials = ['<|endoftext|>', '[UNK]', '[CLS]', '[SEP]'];
const ours: Record<string, () => TokenCodec> = {
  char: () => charCodecFromText(corpus),
  word: () => bpeCodec(learnBpe(corpus, { mode: 'word', merges: 30, specialTokens: specials })),
  byte: () => bpeCodec(learnBpe(corpus, { mode: 'byte', merges: 30, specialTokens: specials })),
};

describe('lmw tokenizer with every tokenizer.json', () => {
  it.each(Object.keys(ours))('%s: encode gives the codec\'s ids and decode gives the text back', (kind) => {
    const codec = ours[kind]!();
    const d = folder(kind, codec.toTokenizerJson());
    const enc = run(['encode', '--tokenizer', d], text);
    expect(enc.stderr).toBe('');
    const ids = JSON.parse(enc.stdout) as number[];
    expect(ids).toEqual(Array.from(codec.encode(text)));
    const dec = run(['decode', '--tokenizer', d], JSON.stringify(ids));
    expect(dec.stdout).toBe(codec.decode(ids));
  }, 60_000);

  it('the real BERT and stories260K tokenizers', ({ skip }) => {
    skip(!existsSync(PRETRAINED), '../shared/data/pretrained is absent (a clone without the shared folder)');
    for (const name of ['tokenizers/bert-base-uncased', 'stories260K']) {
      const tok = loadTokenizer(readFileSync(join(PRETRAINED, name, 'tokenizer.json'), 'utf8'));
      const enc = run(['encode', '--tokenizer', join(PRETRAINED, name), '--tokens'], 'Tokenization works');
      expect(JSON.parse(enc.stdout)).toEqual(Array.from(tok.encode('Tokenization works'), (id) => tok.idToToken(id)));
    }
  }, 60_000);
});
