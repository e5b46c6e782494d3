// The `gpt.train` job, in a worker thread: builds (or resumes) a GptRun on the chosen backend,
// steps it, evaluates every `evalEvery` steps (validation loss, bits per byte, a sample), saves
// the resume checkpoint and the best-weights GPT-2 folder atomically at each evaluation, and on
// a stop request saves and returns early. Metrics go out as progress messages.
import { readFileSync } from 'node:fs';
import { splitLabelled } from '../../src/data/labelled.ts';
import { charCodecFromText, codecFromTokenizerJson } from '../../src/tokenizers/codec.ts';
import type { GptConfig } from '../../src/models/gpt/config.ts';
import { GptRun } from '../../src/training/gpt-run.ts';
import type { GptTrainConfig } from '../../src/training/gpt-train-config.ts';
import { readCheckpointFolder, RESUME_FILES, writeCheckpointFolder } from '../storage/checkpoint-folder.ts';
import { selectBackend } from '../gpu/select-backend.ts';

export interface GptJobParams {
  runId: string;
  textPath: string;
  labelled: boolean;
  /** tokenizer.json text, or null for a character vocabulary. */
  tokenizerJson: string | null;
  model: Omit<GptConfig, 'vocabSize'> & { vocabSize?: number };
  train: GptTrainConfig;
  resume: boolean;
  modelDir: string;
  checkpointDir: string;
  backend: string;
}

export type GptProgress =
  | { kind: 'start'; backend: string; parameters: number; stepsDone: number; steps: number; vocabSize: number }
  | { kind: 'step'; step: number; steps: number; loss: number; lr: number; tokensPerSec: number; msPerStep: number }
  | { kind: 'eval'; step: number; valLoss: number; perplexity: number; bitsPerByte: number; improved: boolean; sample: string; bestValLoss: number | null };

export interface GptJobResult {
  stepsDone: number;
  bestValLoss: number | null;
  stopped: boolean;
}

const tick = () => new Promise((r) => setImmediate(r));

export async function run(p: GptJobParams, onProgress: (m: GptProgress) => void, control: { stopRequested: boolean }): Promise<GptJobResult> {
  const raw = readFileSync(p.textPath, 'utf8');
  const text = p.labelled ? splitLabelled(raw).texts : raw;
  const { backend, label } = await selectBackend(p.backend);
  let run: GptRun;
  if (p.resume) {
    run = await GptRun.resume(backend, text, readCheckpointFolder(p.checkpointDir, RESUME_FILES, ['config.json', 'model.safetensors', 'tokenizer.json', 'trainer-state.json']));
  } else {
    const codec = p.tokenizerJson === null ? charCodecFromText(text) : codecFromTokenizerJson(p.tokenizerJson);
    run = GptRun.create(backend, text, codec, { ...p.model, vocabSize: codec.vocabSize }, p.train);
  }
  const save = async () => {
    writeCheckpointFolder(p.checkpointDir, await run.checkpoint());
    writeCheckpointFolder(p.modelDir, await run.bestCheckpoint());
  };
  try {
    onProgress({ kind: 'start', backend: label, parameters: run.model.parameterCount, stepsDone: run.stepsDone, steps: run.train.steps, vocabSize: run.model.config.vocabSize });
    if (!p.resume) await save();
    while (!run.done && !control.stopRequested) {
      const m = await run.step();
      onProgress({ kind: 'step', steps: run.train.steps, ...m });
      if (m.step % run.train.evalEvery === 0 || run.done) {
        const e = await run.evaluate();
        onProgress({ kind: 'eval', ...e, bestValLoss: run.bestValLoss });
        await save();
      }
      await tick(); // lets the stop message in
    }
    await save();
    return { stepsDone: run.stepsDone, bestValLoss: run.bestValLoss, stopped: !run.done };
  } finally {
    run.dispose();
  }
}
