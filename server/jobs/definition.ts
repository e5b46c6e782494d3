// A job kind's definition: its worker module, how it stops, and what the main thread does with
// its input, progress and result — typed by the contract (src/contract/jobs.ts) for the kinds
// the API knows. Leaves out the runner's bookkeeping (runner.ts).
import type { AnyJob, JobKindName, JobOf, JobParams, JobProgress, JobResult } from '../../src/contract/jobs.ts';

export interface JobDefinition<P = unknown, Progress = unknown, WorkerResult = unknown, Result = unknown, Job = AnyJob> {
  /** Absolute path or file URL of a module exporting `run(input, onProgress, control) → result`. */
  module: string;
  /**
   * 'graceful': the worker sees `control.stopRequested` at its next safe point and returns its
   * result (the job ends done); 'terminate' (the default): its thread ends at once (cancelled).
   */
  stop?: 'graceful' | 'terminate';
  /** The worker's input from the public params (texts, paths): never stored, never sent out. */
  input?(params: P): unknown;
  /** Runs when the job has started (say, to mark its run as training under this job). */
  started?(job: Job): void;
  /** Each batch of progress reports (at most ~10 a second), inside one transaction. */
  progress?(batch: Progress[], job: Job): void;
  /** The worker's result → the job's result (stores files, inserts rows). */
  complete?(result: WorkerResult, job: Job): Result;
  /** The job failed (error) or was cancelled (null). */
  failed?(error: string | null, job: Job): void;
  /** Params of a job that continues this one, or a UserError saying why it cannot. */
  resume?(job: Job): P;
}

/** The definition of a kind the contract knows: params, progress and result typed by it. */
export type KnownJobDefinition<K extends JobKindName, WorkerResult = unknown> = JobDefinition<JobParams<K>, JobProgress<K>, WorkerResult, JobResult<K>, JobOf<K>>;

/** What a job's worker module gets besides its input. */
export interface JobControl {
  stopRequested: boolean;
}
