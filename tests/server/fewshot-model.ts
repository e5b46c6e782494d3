// A tiny GPT (random weights, a character vocabulary that covers the few-shot presets' text) saved
// as a GPT-2 folder, and as a saved GPT run of a test workspace: the model the few-shot API and
// CLI tests prompt. Leaves out training (the library's tests show what a trained model learns).
import { createCpuBackend } from '../../src/tensor/cpu.ts';
import { Rng } from '../../src/nn/random.ts';
import { GPT } from '../../src/models/gpt/gpt.ts';
import { gptPresets, type GptConfig } from '../../src/models/gpt/config.ts';
import { charCodecFromText } from '../../src/tokenizers/codec.ts';
import { gptFolder, type CheckpointFiles } from '../../src/training/gpt-checkpoint.ts';
import { defaultTrainConfig } from '../../src/training/gpt-train-config.ts';
import { FEWSHOT_PRESETS } from '../../src/fewshot/presets.ts';
import { writeCheckpointFolder } from '../../server/storage/checkpoint-folder.ts';
import type { Workspace } from '../../server/workspace.ts';

const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
export const PRESET_TEXT = printable + '\n\t' + JSON.stringify(FEWSHOT_PRESETS).replace(/\\[nt"]/g, '');

export async function tinyGptFolder(size: Partial<GptConfig> = {}): Promise<CheckpointFiles> {
  const codec = charCodecFromText(PRESET_TEXT);
  const config: GptConfig = { ...gptPresets.baby, nLayer: 2, nHead: 2, nEmbd: 16, contextLength: 512, ...size, vocabSize: codec.vocabSize };
  const model = new GPT(config, createCpuBackend(), new Rng(1));
  try {
    return await gptFolder(model, codec);
  } finally {
    model.dispose();
  }
}

export async function addTinyGptRun(ws: Workspace, name: string, size: Partial<GptConfig> = {}) {
  const files = await tinyGptFolder(size);
  const config = JSON.parse(new TextDecoder().decode(files['config.json']!)) as { vocab_size: number };
  const model = { ...gptPresets.baby, nLayer: 2, nHead: 2, nEmbd: 16, contextLength: 512, ...size, vocabSize: config.vocab_size };
  const run = ws.gptRuns.create({ name, corpusId: 'brown', tokenizer: 'char', place: 'server', model, train: defaultTrainConfig, status: 'done' });
  writeCheckpointFolder(ws.gptRuns.modelDir(run.id), files);
  return run;
}
