// A loaded tokenizer (tokenizers/load.ts) as the lab's TextCodec: the text's own tokens, and the
// begin-of-sequence token its template puts first (Llama's <s>), read from the template itself.
// Leaves out encoders' templates with tokens after the text ([SEP]): they are not decoders' prompts.
import type { LoadedTokenizer } from '../tokenizers/load.ts';
import { FewshotError, type TextCodec } from './lm.ts';

export function textCodec(tok: LoadedTokenizer): TextCodec {
  const probe = 'a';
  const plain = Array.from(tok.encode(probe));
  const full = Array.from(tok.encodeWithSpecials(probe));
  const extra = full.length - plain.length;
  const same = (from: number) => plain.every((id, i) => full[from + i] === id);
  let beginOfText: number | null = null;
  if (extra === 1 && same(1)) beginOfText = full[0]!;
  else if (extra !== 0 || !same(0)) throw new FewshotError('this tokenizer puts special tokens after the text (an encoder\'s template): few-shot prompts need a decoder\'s tokenizer');
  return {
    encode: (text) => tok.encode(text),
    decode: (ids) => tok.decode(ids),
    tokenStrings: (ids) => tok.tokenStrings(ids),
    endOfText: tok.endOfText,
    beginOfText,
  };
}
