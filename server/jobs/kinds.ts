// The job kinds the server can run, by name, bound to the stores that keep their results.
// Each later tool adds its own entry.
import { fileURLToPath } from 'node:url';
import type { JobKind } from './runner.ts';
import type { TokenizerStore } from '../tokenizers/tokenizer-store.ts';
import type { TrainResult } from '../tokenizers/train-job.ts';
import type { GptRunStore } from '../gpt/run-store.ts';
import type { VectorsStore } from '../word2vec/vectors-store.ts';
import type { Word2VecJobParams, Word2VecJobResult } from '../word2vec/train-job.ts';
import type { GptJobParams, GptJobResult, GptProgress } from '../gpt/train-job.ts';

const TOKENIZER_TRAIN = fileURLToPath(new URL('../tokenizers/train-job.ts', import.meta.url));
const GPT_TRAIN = fileURLToPath(new URL('../gpt/train-job.ts', import.meta.url));
const WORD2VEC_TRAIN = fileURLToPath(new URL('../word2vec/train-job.ts', import.meta.url));

export function jobKinds(stores: { tokenizers: TokenizerStore; gptRuns: GptRunStore; vectors: VectorsStore }): Record<string, JobKind> {
  return {
    'tokenizer.train': {
      module: TOKENIZER_TRAIN,
      complete(result, job) {
        const r = result as TrainResult;
        const p = job.params as { name: string; corpusId: string; mode: 'byte' | 'word' };
        const saved = stores.tokenizers.add({
          name: p.name,
          corpusId: p.corpusId,
          mode: p.mode,
          tokenizerJson: r.tokenizerJson,
          stats: { charsPerToken: r.charsPerToken, seconds: r.seconds },
        });
        return { tokenizer: saved };
      },
    },
    'word2vec.train': {
      module: WORD2VEC_TRAIN,
      complete(result, job) {
        const r = result as Word2VecJobResult;
        const p = job.params as Word2VecJobParams;
        const saved = stores.vectors.add({
          id: p.id, name: p.name, corpusId: p.corpusId, config: { ...p.config, threads: p.threads }, vocabSize: r.vocabSize, dim: r.dim,
          stats: { seconds: r.seconds, effectiveWordsPerSec: r.effectiveWordsPerSec, lossPerEpoch: r.lossPerEpoch },
        });
        return { vectors: saved };
      },
    },
    'gpt.train': {
      module: GPT_TRAIN,
      progress(progress, job) {
        const id = (job.params as GptJobParams).runId;
        const p = progress as GptProgress;
        if (p.kind === 'start') stores.gptRuns.update(id, { backend: p.backend, parameters: p.parameters, stepsDone: p.stepsDone });
        else if (p.kind === 'step') {
          stores.gptRuns.addMetric(id, p);
          stores.gptRuns.update(id, { stepsDone: p.step });
        } else {
          stores.gptRuns.addMetric(id, p);
          stores.gptRuns.update(id, { bestValLoss: p.bestValLoss });
        }
      },
      complete(result, job) {
        const r = result as GptJobResult;
        stores.gptRuns.update((job.params as GptJobParams).runId, { status: r.stopped ? 'stopped' : 'done', stepsDone: r.stepsDone, bestValLoss: r.bestValLoss });
        return r;
      },
      failed(error, job) {
        const status = error === null ? 'stopped' : error.startsWith('interrupted') ? 'interrupted' : 'failed';
        stores.gptRuns.update((job.params as GptJobParams).runId, { status, error });
      },
    },
  };
}
