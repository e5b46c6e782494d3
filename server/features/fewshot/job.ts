// The `fewshot.run` and `fewshot.sweep` job kinds: the main thread resolves the model to its
// folder (a saved GPT run, a folder) and, for a sweep, reads the labelled corpus into queries and
// a pool; the worker does the rest. A stop terminates the worker (sweeps can take minutes).
import { fileURLToPath } from 'node:url';
import type { KnownJobDefinition } from '../../jobs/definition.ts';
import type { CorpusStore } from '../corpora/store.ts';
import type { GptRunStore } from '../gpt/run-store.ts';
import { resolveModelFolder } from '../models/resolve.ts';
import type { FewshotRunResult, FewshotSweepResult } from '../../../src/contract/fewshot.ts';
import { sweepFromCorpus } from './corpus-spec.ts';
import type { FewshotWorkerInput } from './worker.ts';

const module = fileURLToPath(new URL('./worker.ts', import.meta.url));

export function fewshotRunJob(gptRuns: GptRunStore): KnownJobDefinition<'fewshot.run', FewshotRunResult> {
  return {
    module,
    stop: 'terminate',
    input: (params): FewshotWorkerInput => ({ job: 'run', params, ...resolveModelFolder(params.model, { gptRuns }) }),
    complete: (r) => r,
  };
}

export function fewshotSweepJob(corpora: CorpusStore, gptRuns: GptRunStore): KnownJobDefinition<'fewshot.sweep', FewshotSweepResult> {
  return {
    module,
    stop: 'terminate',
    input(params): FewshotWorkerInput {
      const model = resolveModelFolder(params.model, { gptRuns });
      const corpus = corpora.require(params.corpus);
      return { job: 'sweep', params, ...model, sweep: sweepFromCorpus(corpora.text(corpus.id), params) };
    },
    complete: (r) => r,
  };
}
