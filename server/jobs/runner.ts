// Long work runs as jobs: each in its own worker thread (the server stays responsive), recorded
// in SQLite with its public params, progress coalesced (coalesce.ts) into one transaction and
// one SSE event per interval, and one way to stop, resume, list and delete any kind. A job kind
// is a JobDefinition (definition.ts). Jobs left running by a previous owner of the data directory
// are marked failed by the next owner (recoverInterrupted; see ../workspace.ts).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Db } from '../storage/db.ts';
import { newId } from '../storage/blobs.ts';
import { UserError } from '../errors.ts';
import { jobKindSchemas, type AnyJob, type JobKindName, type JobOf, type JobParams, type JobStatus } from '../../src/contract/jobs.ts';
import { describeIssue } from '../../src/contract/common.ts';
import type { JobDefinition } from './definition.ts';
import { Coalescer } from './coalesce.ts';

export type JobEvent =
  | { type: 'progress'; progress: unknown; events: unknown[] }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' };

type WorkerMessage = { type: 'progress'; progress: unknown } | { type: 'done'; result: unknown } | { type: 'failed'; error: string };

interface Row {
  id: string; kind: string; status: JobStatus; params: string; progress: string | null; result: string | null;
  error: string | null; created_at: string; finished_at: string | null;
}

/** Definitions of different kinds side by side (each is typed where it is written). */
type AnyDefinition = JobDefinition<any, any, any, any, any>;

const ENTRY = fileURLToPath(new URL('./worker-entry.js', import.meta.url));
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const INTERRUPTED = 'interrupted: the server stopped while it ran';
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
const toJob = (r: Row): AnyJob => ({
  id: r.id, kind: r.kind, status: r.status, params: parse(r.params), progress: parse(r.progress), result: parse(r.result),
  error: r.error, createdAt: r.created_at, finishedAt: r.finished_at,
});
const known = (kind: string): kind is JobKindName => Object.hasOwn(jobKindSchemas, kind);

export class JobRunner {
  private readonly workers = new Map<string, Worker>();
  private readonly progress = new Map<string, Coalescer<unknown>>();
  private readonly listeners = new Map<string, Set<(e: JobEvent) => void>>();

  constructor(
    private readonly db: Db,
    private readonly kinds: Record<string, AnyDefinition>,
  ) {}

  /** Marks jobs left running by a previous owner failed: only the data directory's owner calls it, once its owner is gone. */
  recoverInterrupted(): void {
    this.db.prepare(`UPDATE jobs SET status = 'failed', error = ?, finished_at = ${NOW} WHERE status = 'running'`).run(INTERRUPTED);
  }

  /** Starts a job; the params of a kind the contract knows are checked against it first. */
  start<K extends JobKindName>(kind: K, params: JobParams<K>): JobOf<K>;
  start(kind: string, params: unknown): AnyJob;
  start(kind: string, params: unknown): AnyJob {
    const spec = this.kinds[kind];
    if (!spec) throw new UserError(400, `unknown job kind "${kind}"`);
    if (known(kind)) {
      const checked = jobKindSchemas[kind].params.safeParse(params);
      if (!checked.success) throw new UserError(400, describeIssue(checked.error));
      params = checked.data;
    }
    const input = spec.input ? spec.input(params) : params; // may throw (a missing corpus): nothing is recorded then
    const id = newId('j');
    this.db.prepare("INSERT INTO jobs (id, kind, status, params) VALUES (?, ?, 'running', ?)").run(id, kind, JSON.stringify(params));
    const module = spec.module.startsWith('file:') ? spec.module : new URL(`file://${spec.module}`).href;
    const worker = new Worker(ENTRY, { workerData: { module, params: input } });
    this.workers.set(id, worker);
    this.progress.set(id, new Coalescer((batch) => this.flushProgress(id, spec, batch)));
    worker.on('message', (m: WorkerMessage) => this.onMessage(id, spec, m));
    worker.on('error', (err) => this.finish(id, { type: 'failed', error: err.message }));
    worker.on('exit', () => {
      this.workers.delete(id);
      if (this.isRunning(id)) this.finish(id, { type: 'failed', error: 'the job worker exited unexpectedly' });
    });
    spec.started?.(this.get(id));
    return this.get(id);
  }

  get(id: string): AnyJob {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no job with id "${id}"`);
    return toJob(row);
  }

  list(opts: { kind?: string; limit?: number } = {}): AnyJob[] {
    const rows = opts.kind
      ? this.db.prepare('SELECT * FROM jobs WHERE kind = ? ORDER BY created_at DESC LIMIT ?').all(opts.kind, opts.limit ?? 50)
      : this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(opts.limit ?? 50);
    return (rows as Row[]).map(toJob);
  }

  /**
   * Stops a running job the way its kind stops: a graceful kind is asked to stop at its next safe
   * point (it saves and ends done with its own result); any other is terminated (cancelled).
   */
  stop(id: string): AnyJob {
    const job = this.running(id);
    if (this.kinds[job.kind]?.stop === 'graceful') {
      this.workers.get(id)?.postMessage({ type: 'stop' });
      return job;
    }
    this.finish(id, { type: 'cancelled' });
    void this.workers.get(id)?.terminate();
    return this.get(id);
  }

  /** Starts a job that continues a finished one (a GPT run from its checkpoint). */
  resume(id: string): AnyJob {
    const job = this.get(id);
    const spec = this.kinds[job.kind];
    if (!spec?.resume) throw new UserError(409, `jobs of kind "${job.kind}" cannot be resumed`);
    if (job.status === 'running') throw new UserError(409, `job "${id}" is still running`);
    return this.start(job.kind, spec.resume(job));
  }

  /** Deletes a finished job's record (what it made stays: delete that where it is listed). */
  remove(id: string): void {
    const job = this.get(id);
    if (job.status === 'running') throw new UserError(409, `job "${id}" is running: stop it before deleting it`);
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
  }

  /** Calls `listener` with every later event of the job; returns the unsubscribe function. */
  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Ends every running job (server shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.workers.keys()].map(async (id) => {
      this.finish(id, { type: 'failed', error: INTERRUPTED });
      await this.workers.get(id)?.terminate();
    }));
  }

  private running(id: string): AnyJob {
    const job = this.get(id);
    if (job.status !== 'running') throw new UserError(409, `job "${id}" is not running (it is ${job.status})`);
    return job;
  }

  /** Whether the job exists and runs (its record may be gone by the time its thread exits). */
  private isRunning(id: string): boolean {
    const row = this.db.prepare('SELECT status FROM jobs WHERE id = ?').get(id) as Pick<Row, 'status'> | undefined;
    return row?.status === 'running';
  }

  private onMessage(id: string, spec: AnyDefinition, m: WorkerMessage): void {
    if (!this.isRunning(id)) return;
    if (m.type === 'progress') return this.progress.get(id)?.push(m.progress);
    if (m.type === 'failed') return this.finish(id, m);
    try {
      this.progress.get(id)?.flush();
      const result = spec.complete ? spec.complete(m.result, this.get(id)) : m.result;
      this.finish(id, { type: 'done', result });
    } catch (err) {
      this.finish(id, { type: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  }

  private flushProgress(id: string, spec: AnyDefinition, batch: unknown[]): void {
    const last = batch.at(-1);
    try {
      this.db.transaction(() => {
        this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(JSON.stringify(last), id);
        spec.progress?.(batch, this.get(id));
      })();
    } catch (err) {
      // A full disk or a locked database must not take the server down: the job ends with the reason.
      void this.workers.get(id)?.terminate();
      this.progress.get(id)?.close();
      try {
        this.finish(id, { type: 'failed', error: `could not record the job's progress: ${err instanceof Error ? err.message : String(err)}` });
      } catch {
        this.emit(id, { type: 'failed', error: 'could not record the job\'s progress' });
      }
      return;
    }
    this.emit(id, { type: 'progress', progress: last, events: batch });
  }

  private finish(id: string, e: Exclude<JobEvent, { type: 'progress' }>): void {
    if (!this.isRunning(id)) return;
    const coalescer = this.progress.get(id);
    coalescer?.flush(); // what it reported before it ended is kept, whatever the end
    coalescer?.close();
    this.progress.delete(id);
    this.db
      .prepare(`UPDATE jobs SET status = ?, result = ?, error = ?, finished_at = ${NOW} WHERE id = ?`)
      .run(e.type, e.type === 'done' ? JSON.stringify(e.result ?? null) : null, e.type === 'failed' ? e.error : null, id);
    if (e.type === 'failed' || e.type === 'cancelled') this.kinds[this.get(id).kind]?.failed?.(e.type === 'failed' ? e.error : null, this.get(id));
    this.emit(id, e);
    this.listeners.delete(id);
  }

  private emit(id: string, e: JobEvent): void {
    for (const l of this.listeners.get(id) ?? []) l(e);
  }
}
