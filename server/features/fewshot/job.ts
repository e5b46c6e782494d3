// The `fewshot.run` and `fewshot.sweep` job kinds: the main thread resolves the model to its
// folder (a saved GPT run, an added pretrained model, a folder) and, for a sweep, reads the labelled corpus into queries and
// a pool; the worker does the rest. A stop terminates the worker (sweeps can take minutes).
import { fileURLToPath } from 'node:url';
import type { KnownJobDefinition } from '../../jobs/definition.ts';
import type { CorpusStore } from '../corpora/store.ts';
import { resolveModelFolder, type ModelContext } from '../models/resolve.ts';
import type { FewshotRunResult, FewshotSweepResult } from '../../../src/contract/fewshot.ts';
import { sweepFromCorpus } from './corpus-spec.ts';
import type { FewshotWorkerInput } from './worker.ts';

const module = fileURLToPath(new URL('./worker.ts', import.meta.url));

export function fewshotRunJob(models: ModelContext): KnownJobDefinition<'fewshot.run', FewshotRunResult> {
  return {
    module,
    stop: 'terminate',
    input: (params): FewshotWorkerInput => ({ job: 'run', params, ...resolveModelFolder(params.model, models) }),
    complete: (r) => r,
  };
}

export function fewshotSweepJob(corpora: CorpusStore, models: ModelContext): KnownJobDefinition<'fewshot.sweep', FewshotSweepResult> {
  return {
    module,
    stop: 'terminate',
    input(params): FewshotWorkerInput {
      const model = resolveModelFolder(params.model, models);
      const corpus = corpora.require(params.corpus);
      return { job: 'sweep', params, ...model, sweep: sweepFromCorpus(corpora.text(corpus.id), params) };
    },
    complete: (r) => r,
  };
}
