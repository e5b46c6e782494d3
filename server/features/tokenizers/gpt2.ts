// GPT-2's real tokenizer: the `gpt2` (r50k) BPE ranks that the js-tiktoken package ships,
// handed to the library's byte-level segmenter. Built once per process, on first use.
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import { gpt2FromTiktokenRanks, type Tokenizer } from '../../../src/tokenizers/index.ts';

let cached: Tokenizer | undefined;

export function gpt2Tokenizer(): Tokenizer {
  cached ??= gpt2FromTiktokenRanks(gpt2Ranks);
  return cached;
}
