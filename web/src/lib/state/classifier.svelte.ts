// The Classifier page's state: labelled corpora, the recipe (contract defaults), starting an
// encoder run on the server and following its job (live MLM loss, fine-tuning loss, validation
// macro-F1), the runs list, the selected run's reports, and the try-it box. Leaves out training
// in the browser (not built yet: the page says so). Reference: gpt-runs.svelte.ts.
import * as api from '../api.ts';
import type { CorpusSummary } from '../api.ts';
import { defaultEncoderTrainConfig, type ClassifyResponse, type EncoderMetric, type EncoderRunDetail, type EncoderRunSummary, type EncoderSessionEvent } from '../../../../src/contract/encoder.ts';

export type Preset = 'bert-baby' | 'bert-mini' | 'bert-base';

/** Appends one session event to a metric series (both stages), as the server stores it. */
export function addEvent(series: EncoderMetric[], e: EncoderSessionEvent): EncoderMetric[] {
  if (e.kind === 'step') return [...series, { stage: e.stage, step: e.step, loss: e.loss, lr: e.lr, tokensPerSec: e.tokensPerSec }];
  if (e.kind === 'mlmEval') return [...series, { stage: 'mlm', step: e.step, mlmLoss: e.mlmLoss, maskedAccuracy: e.maskedAccuracy }];
  if (e.kind === 'eval') return [...series, { stage: 'finetune', step: e.step, valMacroF1: e.valMacroF1, valAccuracy: e.valAccuracy }];
  return series;
}

export class ClassifierState {
  corpora = $state<CorpusSummary[]>([]);
  runs = $state<EncoderRunSummary[]>([]);
  corpusId = $state('');
  name = $state('encoder');
  preset = $state<Preset>(defaultEncoderTrainConfig.preset);
  mlmSteps = $state(defaultEncoderTrainConfig.mlmSteps);
  steps = $state(defaultEncoderTrainConfig.steps);
  freezeLayers = $state(defaultEncoderTrainConfig.freezeLayers);
  vocabSize = $state(defaultEncoderTrainConfig.vocabSize);
  contextLength = $state(defaultEncoderTrainConfig.contextLength);
  live = $state<EncoderMetric[]>([]);
  status = $state('');
  error = $state('');
  jobId = $state<string | null>(null);
  selected = $state<EncoderRunDetail | null>(null);
  tryText = $state('');
  tried = $state<ClassifyResponse | null>(null);
  private unfollow: (() => void) | null = null;

  async load(): Promise<void> {
    try {
      // Bundled labelled corpora first; an upload counts when its lines are label<TAB>text (the server checks).
      this.corpora = (await api.listCorpora()).filter((c) => c.kind === 'labelled' || c.source === 'user');
      if (!this.corpusId && this.corpora[0]) this.corpusId = this.corpora[0].id;
      this.runs = await api.listEncoderRuns();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  get running(): boolean {
    return this.jobId !== null;
  }

  async start(): Promise<void> {
    this.error = '';
    this.live = [];
    try {
      const { job } = await api.startEncoderRun({
        name: this.name, corpusId: this.corpusId, backend: 'auto',
        train: { preset: this.preset, mlmSteps: this.mlmSteps, steps: this.steps, freezeLayers: this.freezeLayers, vocabSize: this.vocabSize, contextLength: this.contextLength },
      });
      this.jobId = job.id;
      const runId = (job.params as { runId: string }).runId;
      this.status = 'training on the server…';
      this.unfollow = api.followJob<'encoder.train'>(job.id, {
        progress: (events) => {
          let s = this.live;
          for (const e of events) {
            s = addEvent(s, e);
            if (e.kind === 'start') this.status = `training on the server (${e.backend}), ${e.split.train} / ${e.split.val} / ${e.split.test} texts`;
          }
          this.live = s;
        },
        done: () => void this.finish(runId, ''),
        failed: (error) => void this.finish(runId, error),
        cancelled: () => void this.finish(runId, 'cancelled'),
      });
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async finish(runId: string, error: string): Promise<void> {
    this.jobId = null;
    this.unfollow = null;
    this.error = error;
    this.status = error ? '' : 'done';
    await this.load();
    await this.select(runId);
  }

  async stop(): Promise<void> {
    if (this.jobId) await api.stopJob(this.jobId);
  }

  async select(id: string): Promise<void> {
    try {
      this.selected = await api.getEncoderRun(id);
      this.tried = null;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async remove(id: string): Promise<void> {
    await api.deleteEncoderRun(id);
    if (this.selected?.run.id === id) this.selected = null;
    await this.load();
  }

  async tryIt(): Promise<void> {
    if (!this.selected || !this.tryText.trim()) return;
    try {
      this.tried = await api.classifyText(this.selected.run.id, this.tryText);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  /** Runs shown together in the comparison (their metric series by id). */
  compared = $state<Record<string, EncoderMetric[]>>({});

  async toggleCompare(id: string): Promise<void> {
    if (this.compared[id]) {
      const { [id]: _, ...rest } = this.compared;
      this.compared = rest;
      return;
    }
    this.compared = { ...this.compared, [id]: (await api.getEncoderRun(id)).metrics };
  }

  dispose(): void {
    this.unfollow?.();
  }
}
