// The `gpt.train` job's worker thread: builds (or resumes) a GptRun on the chosen backend and
// drives the one training session (src/training/session.ts), saving the resume checkpoint and
// the best-weights GPT-2 folder atomically at each evaluation and at the end; a stop request
// ends it after a save. The session's events are the job's progress.
import { charCodecFromText, codecFromTokenizerJson } from '../../../src/tokenizers/codec.ts';
import type { GptConfig } from '../../../src/models/gpt/config.ts';
import { GptRun } from '../../../src/training/gpt-run.ts';
import type { GptTrainConfig } from '../../../src/training/gpt-train-config.ts';
import { runTrainingSession } from '../../../src/training/session.ts';
import type { TrainingEvent, TrainingResult } from '../../../src/contract/training.ts';
import { writeCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { readResumeCheckpoint, writeCheckpointSwap } from '../../storage/checkpoint-swap.ts';
import { selectBackend } from '../../gpu/select-backend.ts';
import type { JobControl } from '../../jobs/definition.ts';

export interface GptWorkerInput {
  /** The corpus's training text. */
  text: string;
  /** tokenizer.json text, or null for a character vocabulary. */
  tokenizerJson: string | null;
  model: GptConfig;
  train: GptTrainConfig;
  resume: boolean;
  modelDir: string;
  checkpointDir: string;
  backend: string;
}

export const macrotask = () => new Promise<void>((r) => setImmediate(r));

async function open(p: GptWorkerInput, backend: Awaited<ReturnType<typeof selectBackend>>['backend']): Promise<GptRun> {
  if (p.resume) return GptRun.resume(backend, p.text, readResumeCheckpoint(p.checkpointDir));
  const codec = p.tokenizerJson === null ? charCodecFromText(p.text) : codecFromTokenizerJson(p.tokenizerJson);
  return GptRun.create(backend, p.text, codec, { ...p.model, vocabSize: codec.vocabSize }, p.train);
}

export async function run(p: GptWorkerInput, onProgress: (e: TrainingEvent) => void, control: JobControl): Promise<TrainingResult> {
  const { backend, label } = await selectBackend(p.backend);
  const run = await open(p, backend);
  try {
    const save = async (r: GptRun) => {
      writeCheckpointSwap(p.checkpointDir, await r.checkpoint());
      writeCheckpointFolder(p.modelDir, await r.bestCheckpoint());
    };
    return await runTrainingSession(run, { backend: label, pause: macrotask, shouldStop: () => control.stopRequested, save, saveAtStart: !p.resume }, onProgress);
  } finally {
    run.dispose();
  }
}
