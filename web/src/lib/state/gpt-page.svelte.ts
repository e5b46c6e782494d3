// The GPT page: its form, its live session and its runs table, and the two actions that join
// them — train (in this tab's worker or on the server, as the form says) and resume a server run.
import * as api from '../api.ts';
import type { GptRunSummary } from '../../../../src/contract/index.ts';
import { ServerSession } from '../training/server-session.ts';
import { WorkerSession } from '../training/worker-session.ts';
import type { TrainingSession } from '../training/training-session.ts';
import { GptFormState } from './gpt-form.svelte.ts';
import { GptRunsState } from './gpt-runs.svelte.ts';
import { GptSessionState } from './gpt-session.svelte.ts';

export class GptPageState {
  readonly form = new GptFormState();
  readonly session = new GptSessionState();
  readonly runs = new GptRunsState();

  async load(): Promise<void> {
    await Promise.all([this.form.load(), this.runs.refresh()]);
  }

  async train(): Promise<void> {
    const problem = this.form.problem;
    if (problem) {
      this.session.error = problem;
      return;
    }
    const request = this.form.request();
    const s: TrainingSession = this.form.place === 'server' ? ServerSession.start(request) : new WorkerSession(request);
    await this.session.run(s, request.name, this.form.train.steps, { onStart: () => void this.runs.refresh() });
    await this.runs.refresh();
  }

  /** Resumes a stopped or interrupted server run from its checkpoint, its curve so far kept. */
  async resume(run: GptRunSummary): Promise<void> {
    if (!run.jobId) {
      this.session.error = `run "${run.name}" has no job to resume`;
      return;
    }
    try {
      const { metrics } = await api.getGptRun(run.id);
      await this.session.run(ServerSession.resume(run.jobId), run.name, run.train.steps, { history: metrics, onStart: () => void this.runs.refresh() });
    } catch (err) {
      this.session.error = (err as Error).message;
    }
    await this.runs.refresh();
  }
}
