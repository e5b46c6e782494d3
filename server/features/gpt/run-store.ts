// GPT runs: a row per run in SQLite (configs, status, where it trained, best validation loss),
// its metric series (one row per step: training loss, lr, tokens/s; validation loss, bits per
// byte and a sample on evaluation steps), and its files under blobs/gpt/<id>/: `model/` (GPT-2
// folder of the best validation weights) and `checkpoint/` (the state a resume continues from).
// Runs that were training when their owner stopped are marked `interrupted` (resumable) by the next owner.
import { rmSync } from 'node:fs';
import { checkpointVerifies, settleCheckpoint } from '../../storage/checkpoint-swap.ts';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../storage/db.ts';
import { newId } from '../../storage/blobs.ts';
import { UserError } from '../../errors.ts';
import type { GptConfig } from '../../../src/models/gpt/config.ts';
import { defaultTrainConfig, type GptTrainConfig } from '../../../src/training/gpt-train-config.ts';
import type { GptMetric as MetricRow, GptRunStatus as RunStatus, GptRunSummary } from '../../../src/contract/gpt.ts';

interface Row {
  id: string; name: string; corpus_id: string; tokenizer: string; place: 'server' | 'browser'; status: RunStatus;
  model_config: string; train_config: string; backend: string; parameters: number; steps_done: number;
  best_val_loss: number | null; job_id: string | null; error: string | null; created_at: string; updated_at: string;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export class GptRunStore {
  constructor(private readonly db: Db, private readonly root: string) {}

  /** Runs left training by a previous owner of the data directory become `interrupted`; their checkpoint switches cut short are settled. */
  markInterrupted(): void {
    this.db.prepare(`UPDATE gpt_runs SET status = 'interrupted', updated_at = ${NOW} WHERE status = 'running'`).run();
    for (const { id } of this.db.prepare('SELECT id FROM gpt_runs').all() as { id: string }[]) settleCheckpoint(this.checkpointDir(id));
  }

  dir(id: string): string {
    return join(this.root, id);
  }

  modelDir(id: string): string {
    return join(this.dir(id), 'model');
  }

  checkpointDir(id: string): string {
    return join(this.dir(id), 'checkpoint');
  }

  create(r: { name: string; corpusId: string; tokenizer: string; place: 'server' | 'browser'; model: GptConfig; train: GptTrainConfig; status?: RunStatus }): GptRunSummary {
    const id = newId('gpt');
    this.db
      .prepare('INSERT INTO gpt_runs (id, name, corpus_id, tokenizer, place, status, model_config, train_config) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, r.name, r.corpusId, r.tokenizer, r.place, r.status ?? 'running', JSON.stringify(r.model), JSON.stringify(r.train));
    return this.get(id);
  }

  get(id: string): GptRunSummary {
    const row = this.db.prepare('SELECT * FROM gpt_runs WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no GPT run with id "${id}"`);
    return this.summary(row);
  }

  list(): GptRunSummary[] {
    return (this.db.prepare('SELECT * FROM gpt_runs ORDER BY created_at DESC').all() as Row[]).map((r) => this.summary(r));
  }

  update(id: string, u: { status?: RunStatus; backend?: string; parameters?: number; stepsDone?: number; bestValLoss?: number | null; jobId?: string | null; error?: string | null }): void {
    const cols: [string, unknown][] = [
      ['status', u.status], ['backend', u.backend], ['parameters', u.parameters], ['steps_done', u.stepsDone],
      ['best_val_loss', u.bestValLoss], ['job_id', u.jobId], ['error', u.error],
    ];
    const set = cols.filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    this.db.prepare(`UPDATE gpt_runs SET ${set.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ${NOW} WHERE id = ?`).run(...set.map(([, v]) => v), id);
  }

  private insertMetric: Statement<unknown[]> | null = null;

  addMetric(id: string, m: MetricRow): void {
    this.insertMetric ??= this.db.prepare(
      `INSERT INTO gpt_metrics (run_id, step, loss, lr, tokens_per_sec, ms_per_step, val_loss, bits_per_byte, sample) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, step) DO UPDATE SET
         loss = coalesce(excluded.loss, loss), lr = coalesce(excluded.lr, lr), tokens_per_sec = coalesce(excluded.tokens_per_sec, tokens_per_sec),
         ms_per_step = coalesce(excluded.ms_per_step, ms_per_step), val_loss = coalesce(excluded.val_loss, val_loss),
         bits_per_byte = coalesce(excluded.bits_per_byte, bits_per_byte), sample = coalesce(excluded.sample, sample)`,
    );
    this.insertMetric.run(id, m.step, m.loss ?? null, m.lr ?? null, m.tokensPerSec ?? null, m.msPerStep ?? null, m.valLoss ?? null, m.bitsPerByte ?? null, m.sample ?? null);
  }

  metrics(id: string): MetricRow[] {
    const rows = this.db.prepare('SELECT * FROM gpt_metrics WHERE run_id = ? ORDER BY step').all(id) as Record<string, number | string | null>[];
    return rows.map((r) => ({
      step: r.step as number, loss: r.loss as number | null, lr: r.lr as number | null, tokensPerSec: r.tokens_per_sec as number | null,
      msPerStep: r.ms_per_step as number | null, valLoss: r.val_loss as number | null, bitsPerByte: r.bits_per_byte as number | null, sample: r.sample as string | null,
    }));
  }

  /** Removes the row, its metrics and its files; a running run must be stopped first. */
  delete(id: string): void {
    const run = this.get(id);
    if (run.status === 'running') throw new UserError(409, `GPT run "${id}" is training: stop it before deleting it`);
    this.db.prepare('DELETE FROM gpt_runs WHERE id = ?').run(id);
    rmSync(this.dir(id), { recursive: true, force: true });
  }

  /** Runs saved before the optimizer was a choice ran today's default (AdamW 0.9, 0.95). */
  private trainConfig(r: Row): GptTrainConfig {
    return { ...defaultTrainConfig, ...(JSON.parse(r.train_config) as Partial<GptTrainConfig>) };
  }

  private summary(r: Row): GptRunSummary {
    return {
      id: r.id, name: r.name, corpusId: r.corpus_id, tokenizer: r.tokenizer, place: r.place, status: r.status,
      model: JSON.parse(r.model_config) as GptConfig, train: this.trainConfig(r), backend: r.backend,
      parameters: r.parameters, stepsDone: r.steps_done, bestValLoss: r.best_val_loss, jobId: r.job_id, error: r.error,
      resumable: r.place === 'server' && r.status !== 'running' && r.status !== 'done' && checkpointVerifies(this.checkpointDir(r.id)),
      createdAt: r.created_at, updatedAt: r.updated_at,
    };
  }
}
