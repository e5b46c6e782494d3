// Long work runs as jobs: each in its own worker thread (so the server stays responsive and a
// job can be stopped by terminating its thread), recorded in SQLite, with progress fanned out
// to listeners (the SSE route). A job kind names its worker module and what to do with the
// result on the main thread (store files, insert rows). Jobs still running at a restart are
// marked failed when the runner opens.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Db } from '../storage/db.ts';
import { newId } from '../storage/blobs.ts';
import { UserError } from '../errors.ts';

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  params: unknown;
  progress: unknown;
  result: unknown;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface JobKind {
  /** Absolute path or file URL of a module exporting `run(params, onProgress, control) → result`. */
  module: string;
  /** Runs on the main thread with the worker's result; its return value is the job's result. */
  complete?(result: unknown, job: Job): unknown;
  /** Runs on the main thread with each progress message (to keep a metric series, say). */
  progress?(progress: unknown, job: Job): void;
  /** Runs on the main thread when the job fails or is cancelled. */
  failed?(error: string | null, job: Job): void;
}

export type JobEvent =
  | { type: 'progress'; progress: unknown }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' };

interface Row {
  id: string;
  kind: string;
  status: JobStatus;
  params: string;
  progress: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

const ENTRY = fileURLToPath(new URL('./worker-entry.js', import.meta.url));
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

function toJob(r: Row): Job {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    params: parse(r.params),
    progress: parse(r.progress),
    result: parse(r.result),
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export class JobRunner {
  private readonly workers = new Map<string, Worker>();
  private readonly listeners = new Map<string, Set<(e: JobEvent) => void>>();

  constructor(
    private readonly db: Db,
    private readonly kinds: Record<string, JobKind>,
  ) {
    db.prepare(
      "UPDATE jobs SET status = 'failed', error = 'interrupted: the server stopped while it ran', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE status = 'running'",
    ).run();
  }

  start(kind: string, params: unknown): Job {
    const spec = this.kinds[kind];
    if (!spec) throw new UserError(400, `unknown job kind "${kind}"`);
    const id = newId('j');
    this.db.prepare("INSERT INTO jobs (id, kind, status, params) VALUES (?, ?, 'running', ?)").run(id, kind, JSON.stringify(params));
    const module = spec.module.startsWith('file:') ? spec.module : new URL(`file://${spec.module}`).href;
    const worker = new Worker(ENTRY, { workerData: { module, params } });
    this.workers.set(id, worker);
    worker.on('message', (m: JobEvent) => this.onMessage(id, spec, m));
    worker.on('error', (err) => this.finish(id, { type: 'failed', error: err.message }));
    worker.on('exit', () => {
      this.workers.delete(id);
      if (this.get(id).status === 'running') this.finish(id, { type: 'failed', error: 'the job worker exited unexpectedly' });
    });
    return this.get(id);
  }

  get(id: string): Job {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no job with id "${id}"`);
    return toJob(row);
  }

  list(limit = 50): Job[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(limit) as Row[]).map(toJob);
  }

  cancel(id: string): Job {
    const job = this.get(id);
    if (job.status !== 'running') throw new UserError(409, `job "${id}" is not running (it is ${job.status})`);
    this.finish(id, { type: 'cancelled' });
    void this.workers.get(id)?.terminate();
    return this.get(id);
  }

  /**
   * Asks a running job to stop at its next safe point (it sees `control.stopRequested` and
   * returns, e.g. after saving a checkpoint); the job then ends as done with its own result.
   * Use cancel() to terminate it at once.
   */
  requestStop(id: string): Job {
    const job = this.get(id);
    if (job.status !== 'running') throw new UserError(409, `job "${id}" is not running (it is ${job.status})`);
    this.workers.get(id)?.postMessage({ type: 'stop' });
    return job;
  }

  /** Calls `listener` with every later event of the job; returns the unsubscribe function. */
  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Stops every running job (server shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.workers.keys()].map(async (id) => {
      this.finish(id, { type: 'failed', error: 'interrupted: the server stopped while it ran' });
      await this.workers.get(id)?.terminate();
    }));
  }

  private onMessage(id: string, spec: JobKind, m: JobEvent): void {
    if (this.get(id).status !== 'running') return;
    if (m.type === 'progress') {
      this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(JSON.stringify(m.progress), id);
      spec.progress?.(m.progress, this.get(id));
      this.emit(id, m);
    } else if (m.type === 'done') {
      try {
        const result = spec.complete ? spec.complete(m.result, this.get(id)) : m.result;
        this.finish(id, { type: 'done', result });
      } catch (err) {
        this.finish(id, { type: 'failed', error: err instanceof Error ? err.message : String(err) });
      }
    } else {
      this.finish(id, m);
    }
  }

  private finish(id: string, e: Exclude<JobEvent, { type: 'progress' }>): void {
    if (this.get(id).status !== 'running') return;
    const status: JobStatus = e.type;
    this.db
      .prepare("UPDATE jobs SET status = ?, result = ?, error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?")
      .run(status, e.type === 'done' ? JSON.stringify(e.result ?? null) : null, e.type === 'failed' ? e.error : null, id);
    if (e.type === 'failed' || e.type === 'cancelled') this.kinds[this.get(id).kind]?.failed?.(e.type === 'failed' ? e.error : null, this.get(id));
    this.emit(id, e);
    this.listeners.delete(id);
  }

  private emit(id: string, e: JobEvent): void {
    for (const l of this.listeners.get(id) ?? []) l(e);
  }
}
