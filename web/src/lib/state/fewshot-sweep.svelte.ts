// State of the Few-shot page's sweep panel: a labelled corpus, the ks, draws and orders, the
// example mix and calibration; run as a `fewshot.sweep` job (progress, stop through the one stop
// endpoint), its table, and the accuracy-over-k series for the chart.
import * as api from '../api.ts';
import type { FewshotSweepProgress, FewshotSweepResult } from '../../../../src/contract/index.ts';
import { sweepSeries } from './fewshot-prompt.ts';
import type { FewshotState } from './fewshot.svelte.ts';

export class FewshotSweepState {
  corpus = $state('');
  ks = $state('0, 1, 2, 4');
  draws = $state(3);
  orders = $state(1);
  queries = $state(20);
  mix = $state<'balanced' | 'random' | 'skewed'>('balanced');
  calibrate = $state(true);
  progress = $state<FewshotSweepProgress | null>(null);
  result = $state<FewshotSweepResult | null>(null);
  busy = $state(false);
  error = $state('');
  private jobId: string | null = null;
  private unfollow: (() => void) | null = null;

  series = $derived(this.result ? sweepSeries(this.result, this.mix) : null);

  constructor(private readonly prompt: FewshotState) {}

  async start(): Promise<void> {
    const p = this.prompt;
    this.busy = true;
    this.error = '';
    this.result = null;
    this.progress = null;
    try {
      const ks = this.ks.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
      const { job } = await api.startFewshotSweep({
        model: p.model, instruction: p.instruction || undefined, template: p.template, separator: p.separator, corpus: this.corpus || p.corpus,
        labels: p.labelSpecs && p.labelSpecs.length >= 2 ? p.labelSpecs : undefined, ks: ks.length ? ks : undefined, draws: this.draws, orders: this.orders,
        queries: this.queries, mixes: [this.mix], calibrate: this.calibrate,
      });
      this.jobId = job.id;
      this.unfollow = api.followJob<'fewshot.sweep'>(job.id, {
        progress: (events) => (this.progress = events.at(-1) ?? this.progress),
        done: (r) => this.finish(() => (this.result = r)),
        failed: (e) => this.finish(() => (this.error = e)),
        cancelled: () => this.finish(() => (this.error = 'sweep stopped')),
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
