// The `tokenizer.train` job, run in a worker thread: reads the corpus text, learns BPE merges
// with progress, and returns the tokenizer as Hugging Face tokenizer.json text. Storing it is
// the main thread's part (tokenizer-store.ts).
import { readFileSync } from 'node:fs';
import { splitLabelled } from '../../src/data/labelled.ts';
import { learnBpe, toTokenizerJson, type LearnProgress } from '../../src/tokenizers/index.ts';

export interface TrainParams {
  textPath: string;
  labelled: boolean;
  mode: 'byte' | 'word';
  vocabSize?: number;
  merges?: number;
  specialTokens: string[];
}

export interface TrainResult {
  tokenizerJson: string;
  vocabSize: number;
  merges: number;
  charsPerToken: number;
  seconds: number;
}

export async function run(params: TrainParams, onProgress: (p: LearnProgress) => void): Promise<TrainResult> {
  const raw = readFileSync(params.textPath, 'utf8');
  const text = params.labelled ? splitLabelled(raw).texts : raw;
  const started = performance.now();
  let last: LearnProgress | undefined;
  const tokenizer = learnBpe(text, {
    mode: params.mode,
    vocabSize: params.vocabSize,
    merges: params.merges,
    specialTokens: params.specialTokens,
    onProgress: (p) => {
      last = p;
      onProgress(p);
    },
  });
  return {
    tokenizerJson: JSON.stringify(toTokenizerJson(tokenizer)),
    vocabSize: tokenizer.vocabSize,
    merges: tokenizer.merges.length,
    charsPerToken: last?.charsPerToken ?? 0,
    seconds: (performance.now() - started) / 1000,
  };
}
