// The `tokenizer.train` job kind: the worker learns the merges from the corpus's training text;
// the main thread stores the tokenizer. Learning runs in one synchronous call, so a stop
// terminates the thread (the job ends cancelled).
import { fileURLToPath } from 'node:url';
import type { KnownJobDefinition } from '../../jobs/definition.ts';
import type { CorpusStore } from '../corpora/store.ts';
import type { TokenizerStore } from './store.ts';
import type { TokenizerWorkerInput, TokenizerWorkerResult } from './train-worker.ts';

export function tokenizerTrainJob(corpora: CorpusStore, tokenizers: TokenizerStore): KnownJobDefinition<'tokenizer.train', TokenizerWorkerResult> {
  return {
    module: fileURLToPath(new URL('./train-worker.ts', import.meta.url)),
    stop: 'terminate',
    input: (p): TokenizerWorkerInput => ({ text: corpora.trainingText(p.corpusId), mode: p.mode, vocabSize: p.vocabSize, merges: p.merges, specialTokens: p.specialTokens }),
    complete(r, job) {
      const p = job.params;
      const tokenizer = tokenizers.add({ name: p.name, corpusId: p.corpusId, mode: p.mode, tokenizerJson: r.tokenizerJson, stats: { charsPerToken: r.charsPerToken, seconds: r.seconds } });
      return { tokenizer };
    },
  };
}
