// The `gpt.train` job kind: a run's recipe and files come from the run store, its text from the
// corpus store; progress batches become the run's metric rows in one transaction; a stop is
// graceful (the session saves, the run ends `stopped` and can be resumed from its checkpoint).
import { fileURLToPath } from 'node:url';
import type { KnownJobDefinition } from '../../jobs/definition.ts';
import { UserError } from '../../errors.ts';
import type { CorpusStore } from '../corpora/store.ts';
import type { TokenizerStore } from '../tokenizers/store.ts';
import type { GptRunStore } from './run-store.ts';
import type { GptWorkerInput } from './train-worker.ts';
import type { TrainingEvent, TrainingResult } from '../../../src/contract/training.ts';

function record(runs: GptRunStore, id: string, e: TrainingEvent): void {
  if (e.kind === 'start') runs.update(id, { backend: e.backend, parameters: e.parameters, stepsDone: e.stepsDone });
  else if (e.kind === 'step') {
    const { kind: _, steps: __, ...metric } = e;
    runs.addMetric(id, metric);
  } else if (e.kind === 'eval') runs.addMetric(id, { step: e.step, valLoss: e.valLoss, bitsPerByte: e.bitsPerByte, sample: e.sample });
}

export function gptTrainJob(stores: { corpora: CorpusStore; tokenizers: TokenizerStore; gptRuns: GptRunStore }): KnownJobDefinition<'gpt.train', TrainingResult> {
  const runs = stores.gptRuns;
  return {
    module: fileURLToPath(new URL('./train-worker.ts', import.meta.url)),
    stop: 'graceful',
    input(p): GptWorkerInput {
      const run = runs.get(p.runId);
      return {
        text: stores.corpora.trainingText(run.corpusId),
        tokenizerJson: p.resume ? null : stores.tokenizers.jsonForSpec(run.tokenizer),
        model: run.model,
        train: run.train,
        resume: p.resume,
        modelDir: runs.modelDir(run.id),
        checkpointDir: runs.checkpointDir(run.id),
        backend: p.backend,
      };
    },
    started: (job) => runs.update(job.params.runId, { status: 'running', jobId: job.id, error: null }),
    progress(batch, job) {
      const id = job.params.runId;
      for (const e of batch) record(runs, id, e);
      const last = batch.findLast((e) => e.kind === 'step');
      const evals = batch.filter((e) => e.kind === 'eval');
      if (last) runs.update(id, { stepsDone: last.step });
      if (evals.length) runs.update(id, { bestValLoss: evals.at(-1)!.bestValLoss });
    },
    complete(r, job) {
      runs.update(job.params.runId, { status: r.stopped ? 'stopped' : 'done', stepsDone: r.stepsDone, bestValLoss: r.bestValLoss });
      return r;
    },
    failed(error, job) {
      const status = error === null ? 'stopped' : error.startsWith('interrupted') ? 'interrupted' : 'failed';
      runs.update(job.params.runId, { status, error });
    },
    resume(job) {
      const run = runs.get(job.params.runId);
      if (!run.resumable) throw new UserError(409, `GPT run "${run.id}" cannot be resumed (it is ${run.status}${run.place === 'browser' ? ', trained in the browser' : ''})`);
      return { runId: run.id, resume: true, backend: job.params.backend };
    },
  };
}
