// The `encoder.train` job kind: a run's recipe from the run store, its labelled texts from the
// corpus store; progress batches become the run's metric rows (both stages) in one transaction; a
// stop is graceful (the session saves, the run ends `stopped` and resumes from its checkpoint).
import { fileURLToPath } from 'node:url';
import type { KnownJobDefinition } from '../../jobs/definition.ts';
import { UserError } from '../../errors.ts';
import type { CorpusStore } from '../corpora/store.ts';
import type { TokenizerStore } from '../tokenizers/store.ts';
import type { EncoderSessionEvent, EncoderSessionResult } from '../../../src/contract/encoder.ts';
import type { EncoderRunStore } from './run-store.ts';
import type { EncoderWorkerInput } from './train-worker.ts';
import { storedLabelled } from './labelled.ts';

function record(runs: EncoderRunStore, id: string, e: EncoderSessionEvent): void {
  if (e.kind === 'start') runs.update(id, { backend: e.backend, parameters: e.parameters, labels: e.labels });
  else if (e.kind === 'baseline') runs.update(id, { baseline: e.test });
  else if (e.kind === 'step') {
    runs.addMetric(id, { stage: e.stage, step: e.step, loss: e.loss, lr: e.lr, tokensPerSec: e.tokensPerSec });
    runs.update(id, e.stage === 'mlm' ? { mlmStepsDone: e.step } : { stepsDone: e.step });
  } else if (e.kind === 'mlmEval') runs.addMetric(id, { stage: 'mlm', step: e.step, mlmLoss: e.mlmLoss, maskedAccuracy: e.maskedAccuracy });
  else if (e.kind === 'eval') {
    runs.addMetric(id, { stage: 'finetune', step: e.step, valMacroF1: e.valMacroF1, valAccuracy: e.valAccuracy });
    runs.update(id, { bestValF1: e.bestValF1 });
  } else if (e.kind === 'result') runs.update(id, { test: e.test });
}

export function encoderTrainJob(stores: { corpora: CorpusStore; tokenizers: TokenizerStore; encoderRuns: EncoderRunStore }): KnownJobDefinition<'encoder.train', EncoderSessionResult> {
  const runs = stores.encoderRuns;
  return {
    module: fileURLToPath(new URL('./train-worker.ts', import.meta.url)),
    stop: 'graceful',
    input(p): EncoderWorkerInput {
      const run = runs.get(p.runId);
      const corpus = storedLabelled(stores.corpora, run.corpusId);
      return {
        texts: corpus.texts, labels: corpus.labels, groups: corpus.groups ?? null, train: run.train,
        tokenizerJson: p.resume || run.tokenizer === 'new' ? null : stores.tokenizers.jsonForSpec(run.tokenizer),
        fromDir: run.from ? runs.modelDir(run.from) : null,
        resume: p.resume, modelDir: runs.modelDir(run.id), checkpointDir: runs.checkpointDir(run.id), backend: p.backend,
      };
    },
    started: (job) => runs.update(job.params.runId, { status: 'running', jobId: job.id, error: null }),
    progress(batch, job) {
      for (const e of batch) record(runs, job.params.runId, e);
    },
    complete(r, job) {
      runs.update(job.params.runId, { status: r.stopped ? 'stopped' : 'done', mlmStepsDone: r.mlmStepsDone, stepsDone: r.stepsDone, ...(r.test ? { test: r.test } : {}) });
      return r;
    },
    failed(error, job) {
      const status = error === null ? 'stopped' : error.startsWith('interrupted') ? 'interrupted' : 'failed';
      runs.update(job.params.runId, { status, error });
    },
    resume(job) {
      const run = runs.get(job.params.runId);
      if (!run.resumable) throw new UserError(409, `encoder run "${run.id}" cannot be resumed (it is ${run.status}${run.place === 'browser' ? ', trained in the browser' : ''})`);
      return { runId: run.id, resume: true, backend: job.params.backend };
    },
  };
}
