// The GPT page's live run, whatever the place: drives one TrainingSession, keeps the metric
// series its TrainingEvents make (training and validation per step), the sample of the latest
// evaluation, which backend runs it, the time left, and stop. Errors are kept as text to show.
import type { GptMetric, TrainingEvent } from '../../../../src/contract/index.ts';
import { applyEvent, eta, lastEval } from '../training/metrics.ts';
import type { Place, SessionOutcome, TrainingSession } from '../training/training-session.ts';

const clock = () => performance.now();

export class GptSessionState {
  running = $state(false);
  stopping = $state(false);
  name = $state('');
  place = $state<Place>('browser');
  live = $state<GptMetric[]>([]);
  /** Where it runs, in words: "this browser: webgpu: …", "server: wasm (…)". */
  backend = $state('');
  parameters = $state(0);
  totalSteps = $state(0);
  error = $state('');
  note = $state('');
  /** The saved run of the last session that ended. */
  runId = $state<string | null>(null);
  private session: TrainingSession | null = null;
  /** The first step this session trained and when it arrived: the pace is measured from there. */
  private anchor: { at: number; step: number } | null = null;

  last = $derived(this.live.at(-1));
  lastVal = $derived(lastEval(this.live));
  sample = $derived(this.lastVal?.sample ?? '');
  eta = $derived(this.running && this.last && this.anchor ? eta(this.last.step, this.anchor.step, this.totalSteps, clock() - this.anchor.at) : '');

  /**
   * Runs a session to its end; `history` is the series so far (a resumed run). Calls `onStart`
   * when it has started (the run exists on the server). Returns how it ended, or null if it failed.
   */
  async run(session: TrainingSession, name: string, totalSteps: number, opts: { history?: GptMetric[]; onStart?: () => void } = {}): Promise<SessionOutcome | null> {
    this.session = session;
    [this.running, this.stopping, this.name, this.place, this.totalSteps] = [true, false, name, session.place, totalSteps];
    [this.live, this.backend, this.parameters, this.error, this.note, this.runId] = [opts.history ?? [], '', 0, '', '', null];
    this.anchor = null;
    try {
      const outcome = await session.run({
        event: (e) => {
          this.onEvent(e);
          if (e.kind === 'start') opts.onStart?.();
        },
        note: (text) => (this.note = text),
      });
      this.runId = outcome.runId;
      return outcome;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return null;
    } finally {
      this.running = false;
      this.session = null;
    }
  }

  onEvent(e: TrainingEvent): void {
    if (e.kind === 'start') {
      this.backend = `${this.place === 'browser' ? 'this browser' : 'server'}: ${e.backend}`;
      this.parameters = e.parameters;
      this.totalSteps = e.steps;
      // A resumed run trains again from its checkpoint: rows of the history past it are redone.
      this.live = this.live.filter((m) => m.step <= e.stepsDone);
    } else {
      if (e.kind === 'step' && !this.anchor) this.anchor = { at: clock(), step: e.step };
      this.live = applyEvent(this.live, e);
    }
  }

  async stop(): Promise<void> {
    if (!this.session) return;
    this.stopping = true;
    try {
      await this.session.stop();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }
}
