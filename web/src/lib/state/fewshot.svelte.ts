// State of the Few-shot page's prompt: the model (a saved GPT run or an added pretrained decoder), a preset, the instruction,
// template, separator, examples (typed, reordered, or drawn from a labelled corpus), the query and
// label words; run as a `fewshot.run` job on the server, its result (prompt tokens per part, next
// tokens, label scores before and after calibration, continuation, attention to each part).
import * as api from '../api.ts';
import type { CorpusSummary, FewshotPresetsResponse, FewshotRunResult, GptRunSummary, PretrainedSummary } from '../../../../src/contract/index.ts';
import { examplesFromCorpus, moveItem, parseLabels, type Example } from './fewshot-prompt.ts';

export class FewshotState {
  runs = $state<GptRunSummary[]>([]);
  /** Added pretrained decoders (GPT-2, Llama). */
  pretrained = $state<PretrainedSummary[]>([]);
  corpora = $state<CorpusSummary[]>([]);
  presets = $state<FewshotPresetsResponse['presets'] | null>(null);
  model = $state('');
  preset = $state('poor-good-english');
  instruction = $state('');
  template = $state('');
  separator = $state('\n');
  examples = $state<Example[]>([]);
  query = $state('');
  labels = $state('');
  calibrate = $state(true);
  maxNewTokens = $state(24);
  corpus = $state('');
  drawK = $state(4);
  drawMode = $state<'random' | 'balanced'>('balanced');
  drawSeed = $state(0);
  result = $state<FewshotRunResult | null>(null);
  /** The model the result came from (the picker may have moved since). */
  resultModel = $state('');
  busy = $state(false);
  error = $state('');
  private jobId: string | null = null;
  private unfollow: (() => void) | null = null;

  labelSpecs = $derived(parseLabels(this.labels));
  /** The result's model when it is a saved GPT run (the Attention page opens only those). */
  resultRun = $derived(this.runs.some((r) => r.id === this.resultModel) ? this.resultModel : undefined);

  async load(): Promise<void> {
    try {
      const [runs, pretrained, corpora, presets] = await Promise.all([api.listGptRuns(), api.listPretrained(), api.listCorpora(), api.fewshotPresets()]);
      this.runs = runs.filter((r) => r.stepsDone > 0 || r.status === 'done');
      this.pretrained = pretrained.filter((m) => m.family !== 'bert');
      this.corpora = corpora;
      this.presets = presets.presets;
      if (!this.model) this.model = this.runs[0]?.id ?? this.pretrained[0]?.id ?? '';
      if (!this.corpus) this.corpus = corpora.find((c) => c.kind === 'labelled')?.id ?? '';
      if (!this.template) this.applyPreset(this.preset);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  applyPreset(name: string): void {
    const p = (this.presets as Record<string, { instruction?: string; template: string; separator?: string; examples: Example[]; query: string; labels?: { name: string; verbaliser: string }[] }> | null)?.[name];
    if (!p) return;
    this.preset = name;
    this.instruction = p.instruction ?? '';
    this.template = p.template;
    this.separator = p.separator ?? '\n';
    this.examples = p.examples.map((e) => ({ ...e }));
    this.query = p.query;
    this.labels = (p.labels ?? []).map((l) => (l.name === l.verbaliser ? l.name : `${l.name}=${l.verbaliser}`)).join(', ');
    this.result = null;
  }

  move(from: number, to: number): void {
    this.examples = moveItem(this.examples, from, to);
  }

  remove(i: number): void {
    this.examples = this.examples.filter((_, j) => j !== i);
  }

  add(): void {
    this.examples = [...this.examples, { input: '', output: '' }];
  }

  /** Replaces the examples with k drawn from the chosen labelled corpus. */
  async draw(): Promise<void> {
    this.error = '';
    try {
      this.examples = examplesFromCorpus(await api.corpusText(this.corpus), this.drawK, this.drawMode, this.drawSeed++);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async run(): Promise<void> {
    if (!this.model) {
      this.error = 'train a GPT first (GPT page), then pick it here';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const labels = this.labelSpecs;
      const { job } = await api.startFewshotRun({
        model: this.model, instruction: this.instruction || undefined, template: this.template, separator: this.separator, examples: this.examples,
        query: this.query, labels, calibrate: Boolean(labels) && this.calibrate, attention: true, generate: { maxNewTokens: this.maxNewTokens },
      });
      this.jobId = job.id;
      const model = this.model;
      this.unfollow = api.followJob<'fewshot.run'>(job.id, {
        progress: () => undefined,
        done: (r) => this.finish(() => Object.assign(this, { result: r, resultModel: model })),
        failed: (e) => this.finish(() => (this.error = e)),
        cancelled: () => this.finish(() => (this.error = 'stopped')),
      });
    } catch (err) {
      this.finish(() => (this.error = (err as Error).message));
    }
  }

  async stop(): Promise<void> {
    if (this.jobId) await api.stopJob(this.jobId).catch((err: Error) => (this.error = err.message));
  }

  private finish(f: () => void): void {
    f();
    this.busy = false;
    this.jobId = null;
    this.unfollow = null;
  }

  dispose(): void {
    this.unfollow?.();
  }
}
