// GPT-2 compatibility: our byte-level segmenter with GPT-2's ranks against the tiktoken package.
import { afterAll, describe, expect, it } from 'vitest';
import { get_encoding } from 'tiktoken';
import ranks from 'js-tiktoken/ranks/gpt2';
import { gpt2FromTiktokenRanks, TokenizerError } from '../../../src/tokenizers/index.ts';
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
  "'S 'LL 'll've 'd'm ''s ' 's x's\u2019ll",
  'a\u0301\u0302e\u0308 \u0915\u094d\u0937 \u200d\u200c',
  '\r\n\r\n   \t \n\u000b\u000c\u0085\u2028 end',
  '<|endoftext|><|endoftext|>x<|endoftext',
];

/** Long single pre-tokens, where a quadratic merge loop would crawl. */
const LONG = ['a'.repeat(5000), 'ab'.repeat(3000), '日本語のテキスト'.repeat(400), ' '.repeat(3000) + 'x', '\n'.repeat(2000), '😀'.repeat(800), '1234567890'.repeat(300)];

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

  it('gives the same ids as tiktoken on long pieces', () => {
    let seed = 3;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % 26;
    const letters = Array.from({ length: 6000 }, () => String.fromCharCode(97 + rand())).join('');
    for (const text of [...LONG, letters]) expect(Array.from(ours.encodeIds(text)), text.slice(0, 20)).toEqual(Array.from(tiktoken.encode_ordinary(text)));
  });

  describe('rejects bad ranks', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['another pattern', () => ({ ...ranks, pat_str: '\\w+' }), /only GPT-2's is supported/],
      ['a gap in the ranks', () => ({ ...ranks, bpe_ranks: ranks.bpe_ranks.replace('! 0 ', '! 1 ') }), /skip from 0 to 1/],
      ['a missing byte', () => ({ ...ranks, bpe_ranks: '! 0 IQ== Ig==' }), /no token for the single byte 0x0/],
      ['bad base64', () => ({ ...ranks, bpe_ranks: '! 0 I*==' }), /bad base64 character "\*"/],
      ['a special token off the end', () => ({ ...ranks, special_tokens: { '<|endoftext|>': 60000 } }), /has id 60000, expected 50256/],
      ['no ranks at all', () => ({}), /bpe_ranks string/],
    ];
    it.each(cases)('%s', (_, make, message) => {
      const data = make() as typeof ranks;
      expect(() => gpt2FromTiktokenRanks(data)).toThrow(TokenizerError);
      expect(() => gpt2FromTiktokenRanks(data)).toThrow(message);
    });
  });
});
