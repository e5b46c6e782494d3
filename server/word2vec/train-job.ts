// The `word2vec.train` job, in a worker thread: reads the corpus, trains with Hogwild threads
// (hogwild.ts) reporting words/s and loss, and writes the vectors file atomically; the main
// thread then records it (kinds.ts). A stop request ends training early and keeps what it has.
import { readFileSync } from 'node:fs';
import { splitLabelled } from '../../src/data/labelled.ts';
import { toWord2VecBinary, type Word2VecConfig } from '../../src/models/word2vec/index.ts';
import { writeFileAtomic } from '../storage/atomic.ts';
import { trainWord2VecParallel, type ParallelProgress } from './hogwild.ts';

export interface Word2VecJobParams {
  id: string;
  name: string;
  corpusId: string;
  textPath: string;
  labelled: boolean;
  config: Partial<Word2VecConfig>;
  threads: number;
  out: string;
}

export interface Word2VecJobResult {
  vocabSize: number;
  dim: number;
  seconds: number;
  effectiveWordsPerSec: number;
  lossPerEpoch: number[];
}

export async function run(p: Word2VecJobParams, onProgress: (m: ParallelProgress) => void, control: { stopRequested: boolean }): Promise<Word2VecJobResult> {
  const raw = readFileSync(p.textPath, 'utf8');
  const text = p.labelled ? splitLabelled(raw).texts : raw;
  const r = await trainWord2VecParallel(text, p.config, p.threads, onProgress, () => control.stopRequested);
  writeFileAtomic(p.out, toWord2VecBinary(r.vectors));
  return { vocabSize: r.vocabSize, dim: r.vectors.dim, seconds: r.seconds, effectiveWordsPerSec: r.effectiveWords / r.seconds, lossPerEpoch: r.lossPerEpoch };
}
