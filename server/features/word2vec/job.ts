// The `word2vec.train` job kind: the worker trains on the corpus's training text and writes the
// vectors file; the main thread records the set. A stop is graceful: the job ends done with the
// vectors learned so far and only the epochs it finished.
import { fileURLToPath } from 'node:url';
import type { KnownJobDefinition } from '../../jobs/definition.ts';
import type { CorpusStore } from '../corpora/store.ts';
import type { VectorsStore } from './store.ts';
import type { Word2VecWorkerInput, Word2VecWorkerResult } from './train-worker.ts';

export function word2vecTrainJob(corpora: CorpusStore, vectors: VectorsStore): KnownJobDefinition<'word2vec.train', Word2VecWorkerResult> {
  return {
    module: fileURLToPath(new URL('./train-worker.ts', import.meta.url)),
    stop: 'graceful',
    input: (p): Word2VecWorkerInput => ({ text: corpora.trainingText(p.corpusId), config: p.config, threads: p.threads, out: vectors.file(p.vectorsId) }),
    complete(r, job) {
      const p = job.params;
      const saved = vectors.add({
        id: p.vectorsId, name: p.name, corpusId: p.corpusId, config: { ...p.config, threads: p.threads }, vocabSize: r.vocabSize, dim: r.dim,
        stats: { seconds: r.seconds, effectiveWordsPerSec: r.effectiveWordsPerSec, lossPerEpoch: r.lossPerEpoch, ...(r.warnings.length ? { warnings: r.warnings } : {}) },
      });
      return { vectors: saved };
    },
  };
}
