// Where an encoder run's files go on disk (CLI out folder or a server run's folder): `checkpoint/`
// (EncoderRun.checkpoint(): what a resume continues from) and the BERT folder of the best weights
// beside it, rewritten at each evaluation; when the run finishes, the folder of the best weights
// and report.json (split, ours and the baseline on the test set). Every file written atomically.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bertFolder } from '../../../src/models/bert/checkpoint.ts';
import type { EncoderRun } from '../../../src/training/encoder/run.ts';
import type { EncoderSessionResult } from '../../../src/contract/encoder.ts';
import { writeCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { UserError } from '../../errors.ts';

export const ENCODER_FOLDER_FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];
export const ENCODER_RESUME_FILES = [...ENCODER_FOLDER_FILES, 'optimizer.safetensors', 'trainer-state.json', 'best.safetensors'];

/** A finished or unfinished model in `out` is kept unless the user resumes it or forces a new run (which clears its checkpoint). */
export function refuseOverwrite(out: string, f: { resume?: boolean; force?: boolean }): void {
  if (f.resume) return;
  const finished = existsSync(join(out, 'report.json'));
  const started = existsSync(join(out, 'checkpoint', 'trainer-state.json'));
  if (f.force) {
    rmSync(join(out, 'checkpoint'), { recursive: true, force: true });
    rmSync(join(out, 'report.json'), { force: true });
    return;
  }
  if (finished) throw new UserError(409, `${out} already holds a finished model: give --force to replace it`);
  if (started) throw new UserError(409, `${out} holds an unfinished run: give --resume to continue it or --force to replace it`);
}

/** The resume checkpoint and the folder of the best weights so far. */
export async function saveEncoder(run: EncoderRun, modelDir: string, checkpointDir: string): Promise<void> {
  writeCheckpointFolder(checkpointDir, await run.checkpoint());
  const folder = await bertFolder(run.model, run.tokenizer);
  if (run.bestWeights) folder['model.safetensors'] = run.bestWeights;
  writeCheckpointFolder(modelDir, folder);
}

/** After the session's result (the best weights are in the model): the folder and report.json. */
export async function saveFinished(run: EncoderRun, modelDir: string, checkpointDir: string, result: EncoderSessionResult): Promise<void> {
  writeCheckpointFolder(checkpointDir, await run.checkpoint());
  writeCheckpointFolder(modelDir, await bertFolder(run.model, run.tokenizer));
  const report = { labels: run.data.labelNames, split: run.split, test: result.test, baseline: result.baseline };
  writeFileAtomic(join(modelDir, 'report.json'), JSON.stringify(report));
}
