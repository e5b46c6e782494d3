// A TrainingSession on the server: a `gpt.train` job (started, or resumed from its checkpoint),
// followed over Server-Sent Events, stopped through the one stop endpoint (it saves a checkpoint).
import * as api from '../api.ts';
import type { JobParams, StartResponse } from '../../../../src/contract/index.ts';
import type { SessionListener, SessionOutcome, TrainingRequest, TrainingSession } from './training-session.ts';

/** The started job's id and run; the contract's Job types params as any kind's, hence the cast once checked. */
function gptJob(r: StartResponse): { id: string; params: JobParams<'gpt.train'> } {
  if (r.job.kind !== 'gpt.train') throw new Error(`the server started a ${r.job.kind} job, not gpt.train`);
  return { id: r.job.id, params: r.job.params as JobParams<'gpt.train'> };
}

export class ServerSession implements TrainingSession {
  readonly place = 'server';
  private jobId: string | null = null;
  private stopAsked = false;

  private constructor(private readonly begin: () => Promise<StartResponse>) {}

  /** A new run trained by a server job. */
  static start(request: TrainingRequest): ServerSession {
    return new ServerSession(() => api.startGptRun(request));
  }

  /** A stopped or interrupted server run, resumed by its last job. */
  static resume(jobId: string): ServerSession {
    return new ServerSession(() => api.resumeJob(jobId));
  }

  async run(on: SessionListener): Promise<SessionOutcome> {
    const job = gptJob(await this.begin());
    this.jobId = job.id;
    const runId = job.params.runId;
    if (this.stopAsked) await api.stopJob(job.id);
    return new Promise((resolve, reject) => {
      api.followJob<'gpt.train'>(job.id, {
        progress: (events) => events.forEach((e) => on.event(e)),
        done: (result) => resolve({ runId, stopped: result?.stopped ?? this.stopAsked }),
        failed: (error) => reject(new Error(error)),
        cancelled: () => resolve({ runId, stopped: true }),
      });
    });
  }

  async stop(): Promise<void> {
    this.stopAsked = true;
    if (this.jobId) await api.stopJob(this.jobId);
  }
}
