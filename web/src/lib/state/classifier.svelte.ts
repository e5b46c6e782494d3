// The Classifier page's state: labelled corpora, the recipe (contract defaults), starting an
// encoder run on the server and following its job (live MLM loss, fine-tuning loss, validation
// macro-F1) or training in this browser (a worker: WebGPU, else wasm with a note), the runs list,
// the selected run's reports, and the try-it box. A browser run is kept in the tab, not saved.
import * as api from '../api.ts';
import { parseLabelled } from '../../../../src/data/labelled.ts';
import { BrowserEncoder } from './classifier-browser.ts';
import { BACKEND_CHOICES, type BackendChoice } from '../../../../src/contract/gpt.ts';

export { BACKEND_CHOICES };
import type { CorpusSummary } from '../api.ts';
import { defaultEncoderTrainConfig, resolveEncoderConfig, type EncoderSessionResult, type ClassifyResponse, type EncoderMetric, type EncoderRunDetail, type EncoderRunSummary, type EncoderSessionEvent } from '../../../../src/contract/encoder.ts';

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
  place = $state<'server' | 'browser'>('server');
  /** The browser's backend: auto (WebGPU on a real GPU, else wasm), or one by name. */
  browserBackend = $state<BackendChoice>('auto');
  private unfollow: (() => void) | null = null;
  private browser: BrowserEncoder | null = null;

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

  private get recipe() {
    return { preset: this.preset, mlmSteps: this.mlmSteps, steps: this.steps, freezeLayers: this.freezeLayers, vocabSize: this.vocabSize, contextLength: this.contextLength };
  }

  async start(): Promise<void> {
    this.error = '';
    this.live = [];
    if (this.place === 'browser') return this.startInBrowser();
    try {
      const { job } = await api.startEncoderRun({
        name: this.name, corpusId: this.corpusId, backend: 'auto',
        train: this.recipe,
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
    if (this.jobId === 'tab') this.browser?.stop();
    else if (this.jobId) await api.stopJob(this.jobId);
  }

  private async startInBrowser(): Promise<void> {
    try {
      const examples = parseLabelled(await api.corpusText(this.corpusId));
      this.browser?.dispose();
      this.jobId = 'tab';
      this.status = 'starting in this browser…';
      const train = this.recipe;
      const corpus = this.corpusId;
      this.browser = new BrowserEncoder(examples.map((e) => e.text), examples.map((e) => e.label), train, this.browserBackend, {
        backend: (label, fallback) => (this.status = `training in this browser on ${label}${fallback ? ` (${fallback})` : ''}`),
        event: (e) => (this.live = addEvent(this.live, e)),
        done: (result, labels, parameters) => {
          this.jobId = null;
          this.status = result.stopped ? 'stopped' : 'done (in this tab, not saved)';
          this.selected = this.tabDetail(result, labels, parameters, corpus, train);
        },
        failed: (message) => {
          this.jobId = null;
          this.status = '';
          this.error = message;
        },
      });
    } catch (err) {
      this.jobId = null;
      this.error = (err as Error).message;
    }
  }

  /** A run trained in this tab, shown like a saved one (id "tab"). */
  private tabDetail(r: EncoderSessionResult, labels: string[], parameters: number, corpusId: string, train: typeof this.recipe): EncoderRunDetail {
    const now = new Date().toISOString();
    return {
      run: {
        id: 'tab', name: `${this.name} (this tab)`, corpusId, tokenizer: 'new', from: null, place: 'browser', status: r.stopped ? 'stopped' : 'done', train: resolveEncoderConfig(train), labels,
        backend: this.status, parameters, mlmStepsDone: r.mlmStepsDone, stepsDone: r.stepsDone, bestValF1: null, testMacroF1: r.test?.macroF1 ?? null, testAccuracy: r.test?.accuracy ?? null,
        baselineMacroF1: r.baseline?.macroF1 ?? null, baselineAccuracy: r.baseline?.accuracy ?? null, jobId: null, error: null, resumable: false, createdAt: now, updatedAt: now,
      },
      metrics: this.live, test: r.test, baseline: r.baseline,
    };
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
      const id = this.selected.run.id;
      this.tried = id === 'tab' && this.browser ? await this.browser.classify(this.tryText) : await api.classifyText(id, this.tryText);
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
    this.browser?.dispose();
  }
}
