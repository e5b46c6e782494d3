// The `tokenizer.train` job's worker thread: learns BPE merges from the corpus text with
// progress, and returns the tokenizer as Hugging Face tokenizer.json text. Storing it is the
// main thread's part (job.ts).
import { learnBpe, toTokenizerJson, type LearnProgress } from '../../../src/tokenizers/index.ts';

export interface TokenizerWorkerInput {
  text: string;
  mode: 'byte' | 'word';
  vocabSize?: number;
  merges?: number;
  specialTokens: string[];
}

export interface TokenizerWorkerResult {
  tokenizerJson: string;
  charsPerToken: number;
  seconds: number;
}

export async function run(input: TokenizerWorkerInput, onProgress: (p: LearnProgress) => void): Promise<TokenizerWorkerResult> {
  const started = performance.now();
  let last: LearnProgress | undefined;
  const tokenizer = learnBpe(input.text, {
    mode: input.mode,
    vocabSize: input.vocabSize,
    merges: input.merges,
    specialTokens: input.specialTokens,
    onProgress: (p) => {
      last = p;
      onProgress(p);
    },
  });
  return { tokenizerJson: JSON.stringify(toTokenizerJson(tokenizer)), charsPerToken: last?.charsPerToken ?? 0, seconds: (performance.now() - started) / 1000 };
}
