// The `word2vec.train` job's worker thread: trains on the corpus's training text with Hogwild
// threads (trainWord2Vec on the wasm engine) reporting words/s and loss, and writes the vectors
// file atomically; the main thread then records it (job.ts). A stop request ends training early
// and keeps what it has learned.
import { toWord2VecBinary, trainWord2Vec, type Word2VecConfig, type Word2VecProgress } from '../../../src/models/word2vec/index.ts';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { spawnNodeThread } from '../../gpu/wasm-threads.ts';
import type { JobControl } from '../../jobs/definition.ts';

export interface Word2VecWorkerInput {
  text: string;
  config: Partial<Word2VecConfig>;
  threads: number;
  out: string;
}

export interface Word2VecWorkerResult {
  vocabSize: number;
  dim: number;
  seconds: number;
  effectiveWordsPerSec: number;
  lossPerEpoch: number[];
  warnings: string[];
}

export async function run(p: Word2VecWorkerInput, onProgress: (m: Word2VecProgress) => void, control: JobControl): Promise<Word2VecWorkerResult> {
  const r = await trainWord2Vec(p.text, p.config, {
    engine: 'wasm', threads: p.threads, spawn: spawnNodeThread, onProgress: (m) => (onProgress(m), !control.stopRequested),
  });
  writeFileAtomic(p.out, toWord2VecBinary(r.vectors));
  return { vocabSize: r.vocabSize, dim: r.vectors.dim, seconds: r.seconds, effectiveWordsPerSec: r.effectiveWords / r.seconds, lossPerEpoch: r.lossPerEpoch, warnings: r.warnings };
}
