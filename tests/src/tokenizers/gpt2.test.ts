// GPT-2 compatibility: our byte-level segmenter with GPT-2's ranks against the tiktoken package.
import { afterAll, describe, expect, it } from 'vitest';
import { get_encoding } from 'tiktoken';
import ranks from 'js-tiktoken/ranks/gpt2';
import { gpt2FromTiktokenRanks } from '../../../src/tokenizers/index.ts';
import { brownText } from '../../../corpora/brown.ts';

const tiktoken = get_encoding('gpt2');
afterAll(() => tiktoken.free());
const ours = gpt2FromTiktokenRanks(ranks);

const ADVERSARIAL = [
  'Héllo wörld, café\u0301 and naïve résumé',
  '日本語のテキスト、中文文本。한국어',
  'emoji 👍🏽 family 👩‍👩‍👧 flag 🇫🇷 zwj 🧑‍💻',
  '   leading spaces, trailing   ',
  'tabs\t\tand\nnew\n\nlines\r\nCRLF \n  \n',
  '12345 3.14159 1,000,000 007',
  "it's we'll they're I'M 'S ’s don't",
  '<|endoftext|> in the middle <|endoftext|>',
  '\u00a0non-breaking\u2003em space',
];

describe('GPT-2 tokenizer from its real ranks', () => {
  it('has 50257 tokens with <|endoftext|> = 50256', () => {
    expect(ours.vocabSize).toBe(50257);
    expect(ours.tokenToId('<|endoftext|>')).toBe(50256);
    expect(ours.merges).toHaveLength(50000);
  });

  it('gives the same ids as tiktoken on the whole Brown corpus', () => {
    const text = brownText();
    expect(Array.from(ours.encodeIds(text))).toEqual(Array.from(tiktoken.encode(text)));
  });

  it.each(ADVERSARIAL)('gives the same ids as tiktoken on %j', (text) => {
    expect(Array.from(ours.encodeIds(text))).toEqual(Array.from(tiktoken.encode(text, "all")));
    expect(Array.from(ours.encodeIds(text, { allowSpecial: false }))).toEqual(Array.from(tiktoken.encode_ordinary(text)));
    expect(ours.decode(ours.encodeIds(text))).toBe(text);
  });
});
