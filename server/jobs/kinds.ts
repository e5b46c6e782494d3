// The job kinds the server can run, by name, bound to the stores that keep their results.
// Each later tool adds its own entry.
import { fileURLToPath } from 'node:url';
import type { JobKind } from './runner.ts';
import type { TokenizerStore } from '../tokenizers/tokenizer-store.ts';
import type { TrainResult } from '../tokenizers/train-job.ts';

const TOKENIZER_TRAIN = fileURLToPath(new URL('../tokenizers/train-job.ts', import.meta.url));

export function jobKinds(stores: { tokenizers: TokenizerStore }): Record<string, JobKind> {
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
  };
}
