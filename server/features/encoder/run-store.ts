// Encoder runs: a row per run in SQLite (recipe, classes, status, steps of both stages, best
// validation macro-F1, the test reports of ours and of the tf-idf baseline), its metric series
// (one row per stage and step), and its files under blobs/encoder/<id>/: `model/` (BERT folder of
// the best weights) and `checkpoint/` (the resume state). Runs training when their owner stopped
// are marked `interrupted` (resumable) by the next owner. Reference: ../gpt/run-store.ts.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../storage/db.ts';
import { newId } from '../../storage/blobs.ts';
import { UserError } from '../../errors.ts';
import type { EncoderMetric, EncoderReport, EncoderRunStatus, EncoderRunSummary, EncoderTrainConfig } from '../../../src/contract/encoder.ts';

interface Row {
  id: string; name: string; corpus_id: string; tokenizer: string; from_run: string | null; place: 'server' | 'browser'; status: EncoderRunStatus;
  train_config: string; labels: string; backend: string; parameters: number; mlm_steps_done: number; steps_done: number; best_val_f1: number | null;
  test_report: string | null; baseline_report: string | null; job_id: string | null; error: string | null; created_at: string; updated_at: string;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export interface EncoderRunUpdate {
  status?: EncoderRunStatus; backend?: string; parameters?: number; labels?: string[]; mlmStepsDone?: number; stepsDone?: number;
  bestValF1?: number | null; test?: EncoderReport | null; baseline?: EncoderReport | null; jobId?: string | null; error?: string | null;
}

export class EncoderRunStore {
  constructor(private readonly db: Db, private readonly root: string) {}

  /** Runs left training by a previous owner of the data directory become `interrupted`. */
  markInterrupted(): void {
    this.db.prepare(`UPDATE encoder_runs SET status = 'interrupted', updated_at = ${NOW} WHERE status = 'running'`).run();
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

  create(r: { name: string; corpusId: string; tokenizer: string; from: string | null; place: 'server' | 'browser'; train: EncoderTrainConfig; status?: EncoderRunStatus }): EncoderRunSummary {
    const id = newId('enc');
    this.db
      .prepare('INSERT INTO encoder_runs (id, name, corpus_id, tokenizer, from_run, place, status, train_config) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, r.name, r.corpusId, r.tokenizer, r.from, r.place, r.status ?? 'running', JSON.stringify(r.train));
    return this.get(id);
  }

  private row(id: string): Row {
    const row = this.db.prepare('SELECT * FROM encoder_runs WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no encoder run with id "${id}"`);
    return row;
  }

  get(id: string): EncoderRunSummary {
    return this.summary(this.row(id));
  }

  list(): EncoderRunSummary[] {
    return (this.db.prepare('SELECT * FROM encoder_runs ORDER BY created_at DESC').all() as Row[]).map((r) => this.summary(r));
  }

  /** The test reports of ours and of the baseline (null until the run finishes). */
  reports(id: string): { test: EncoderReport | null; baseline: EncoderReport | null } {
    const r = this.row(id);
    return { test: r.test_report ? (JSON.parse(r.test_report) as EncoderReport) : null, baseline: r.baseline_report ? (JSON.parse(r.baseline_report) as EncoderReport) : null };
  }

  update(id: string, u: EncoderRunUpdate): void {
    const json = (v: unknown) => (v === undefined ? undefined : v === null ? null : JSON.stringify(v));
    const cols: [string, unknown][] = [
      ['status', u.status], ['backend', u.backend], ['parameters', u.parameters], ['labels', json(u.labels)], ['mlm_steps_done', u.mlmStepsDone],
      ['steps_done', u.stepsDone], ['best_val_f1', u.bestValF1], ['test_report', json(u.test)], ['baseline_report', json(u.baseline)], ['job_id', u.jobId], ['error', u.error],
    ];
    const set = cols.filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    this.db.prepare(`UPDATE encoder_runs SET ${set.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ${NOW} WHERE id = ?`).run(...set.map(([, v]) => v), id);
  }

  private insertMetric: Statement<unknown[]> | null = null;

  addMetric(id: string, m: EncoderMetric): void {
    this.insertMetric ??= this.db.prepare(
      `INSERT INTO encoder_metrics (run_id, stage, step, loss, lr, tokens_per_sec, mlm_loss, masked_accuracy, val_macro_f1, val_accuracy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, stage, step) DO UPDATE SET
         loss = coalesce(excluded.loss, loss), lr = coalesce(excluded.lr, lr), tokens_per_sec = coalesce(excluded.tokens_per_sec, tokens_per_sec),
         mlm_loss = coalesce(excluded.mlm_loss, mlm_loss), masked_accuracy = coalesce(excluded.masked_accuracy, masked_accuracy),
         val_macro_f1 = coalesce(excluded.val_macro_f1, val_macro_f1), val_accuracy = coalesce(excluded.val_accuracy, val_accuracy)`,
    );
    this.insertMetric.run(id, m.stage, m.step, m.loss ?? null, m.lr ?? null, m.tokensPerSec ?? null, m.mlmLoss ?? null, m.maskedAccuracy ?? null, m.valMacroF1 ?? null, m.valAccuracy ?? null);
  }

  metrics(id: string): EncoderMetric[] {
    const rows = this.db.prepare("SELECT * FROM encoder_metrics WHERE run_id = ? ORDER BY stage = 'finetune', step").all(id) as Record<string, number | string | null>[];
    return rows.map((r) => ({
      stage: r.stage as 'mlm' | 'finetune', step: r.step as number, loss: r.loss as number | null, lr: r.lr as number | null, tokensPerSec: r.tokens_per_sec as number | null,
      mlmLoss: r.mlm_loss as number | null, maskedAccuracy: r.masked_accuracy as number | null, valMacroF1: r.val_macro_f1 as number | null, valAccuracy: r.val_accuracy as number | null,
    }));
  }

  /** Removes the row, its metrics and its files; a running run must be stopped first. */
  delete(id: string): void {
    const run = this.get(id);
    if (run.status === 'running') throw new UserError(409, `encoder run "${id}" is training: stop it before deleting it`);
    this.db.prepare('DELETE FROM encoder_runs WHERE id = ?').run(id);
    rmSync(this.dir(id), { recursive: true, force: true });
  }

  private summary(r: Row): EncoderRunSummary {
    const { test, baseline } = { test: r.test_report ? (JSON.parse(r.test_report) as EncoderReport) : null, baseline: r.baseline_report ? (JSON.parse(r.baseline_report) as EncoderReport) : null };
    return {
      id: r.id, name: r.name, corpusId: r.corpus_id, tokenizer: r.tokenizer, from: r.from_run, place: r.place, status: r.status,
      train: JSON.parse(r.train_config) as EncoderTrainConfig, labels: JSON.parse(r.labels) as string[], backend: r.backend, parameters: r.parameters,
      mlmStepsDone: r.mlm_steps_done, stepsDone: r.steps_done, bestValF1: r.best_val_f1,
      testMacroF1: test?.macroF1 ?? null, testAccuracy: test?.accuracy ?? null, baselineMacroF1: baseline?.macroF1 ?? null, baselineAccuracy: baseline?.accuracy ?? null,
      jobId: r.job_id, error: r.error,
      resumable: r.place === 'server' && r.status !== 'running' && r.status !== 'done' && existsSync(join(this.checkpointDir(r.id), 'trainer-state.json')),
      createdAt: r.created_at, updatedAt: r.updated_at,
    };
  }
}
