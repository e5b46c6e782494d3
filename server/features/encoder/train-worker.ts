// The `encoder.train` job's worker thread: builds (or resumes) an EncoderRun on the chosen
// backend and drives the one encoder session (src/training/encoder/session.ts), saving the resume
// checkpoint and the best weights' BERT folder atomically at each evaluation; a stop request ends
// it after a save; a finished run leaves its folder and report.json. Events are the job's progress.
import { EncoderTokenizer } from '../../../src/models/bert/tokenization.ts';
import { createEncoderRun, prepareEncoderData, resumeEncoderRun, runEncoderSession } from '../../../src/training/encoder/session.ts';
import type { EncoderRun } from '../../../src/training/encoder/run.ts';
import type { EncoderSessionEvent, EncoderSessionResult, EncoderTrainConfig } from '../../../src/contract/encoder.ts';
import { readCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { selectBackend } from '../../gpu/select-backend.ts';
import type { JobControl } from '../../jobs/definition.ts';
import { macrotask } from '../gpt/train-worker.ts';
import { ENCODER_FOLDER_FILES, ENCODER_RESUME_FILES, saveEncoder, saveFinished } from './save.ts';

export interface EncoderWorkerInput {
  texts: string[];
  labels: string[];
  groups: string[] | null;
  train: EncoderTrainConfig;
  /** A stored tokenizer's tokenizer.json, or null to learn one on the training texts. */
  tokenizerJson: string | null;
  /** The BERT folder stage 2 starts from (another run's model), or null. */
  fromDir: string | null;
  resume: boolean;
  modelDir: string;
  checkpointDir: string;
  backend: string;
}

async function open(p: EncoderWorkerInput, backend: Awaited<ReturnType<typeof selectBackend>>['backend']): Promise<EncoderRun> {
  if (p.resume) return resumeEncoderRun(backend, readCheckpointFolder(p.checkpointDir, ENCODER_RESUME_FILES, ['config.json', 'model.safetensors', 'tokenizer.json', 'trainer-state.json']), p.texts, p.labels);
  const tokenizer = p.tokenizerJson === null ? undefined : EncoderTokenizer.fromTokenizerJson(p.tokenizerJson);
  const prepared = prepareEncoderData(p.texts, p.labels, p.train, { tokenizer, groups: p.groups ?? undefined });
  return createEncoderRun(backend, prepared, p.train, p.fromDir ? readCheckpointFolder(p.fromDir, ENCODER_FOLDER_FILES) : undefined);
}

export async function run(p: EncoderWorkerInput, onProgress: (e: EncoderSessionEvent) => void, control: JobControl): Promise<EncoderSessionResult> {
  const { backend, label } = await selectBackend(p.backend);
  const encoder = await open(p, backend);
  try {
    const save = (r: EncoderRun) => saveEncoder(r, p.modelDir, p.checkpointDir);
    const result = await runEncoderSession(encoder, p.texts, { backend: label, pause: macrotask, shouldStop: () => control.stopRequested, save }, onProgress);
    if (!result.stopped) await saveFinished(encoder, p.modelDir, p.checkpointDir, result);
    return result;
  } finally {
    encoder.dispose();
  }
}
