// Trained encoders loaded for the try-it box, fill-mask and attention maps on the server (CPU
// reference backend), cached per run and reloaded when the run's best weights change on disk (a
// training run rewrites them at each evaluation). Reference: ../gpt/model-cache.ts.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import type { Bert } from '../../../src/models/bert/bert.ts';
import type { EncoderTokenizer } from '../../../src/models/bert/tokenization.ts';
import { loadBertCheckpoint } from '../../../src/models/bert/checkpoint.ts';
import { readCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { UserError } from '../../errors.ts';
import type { EncoderRunStore } from './run-store.ts';
import { ENCODER_FOLDER_FILES } from './save.ts';

interface Entry {
  mtime: number;
  model: Bert;
  tokenizer: EncoderTokenizer;
}

const MAX = 4;

export class EncoderModelCache {
  private readonly backend = createCpuBackend();
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly runs: EncoderRunStore) {}

  async load(id: string): Promise<Entry> {
    this.runs.get(id);
    const weights = join(this.runs.modelDir(id), 'model.safetensors');
    if (!existsSync(weights)) throw new UserError(409, `encoder run "${id}" has no saved weights yet`);
    const mtime = statSync(weights).mtimeMs;
    const hit = this.entries.get(id);
    if (hit && hit.mtime === mtime) return hit;
    this.forget(id);
    const { model, tokenizer } = await loadBertCheckpoint(this.backend, readCheckpointFolder(this.runs.modelDir(id), ENCODER_FOLDER_FILES, ['config.json', 'model.safetensors', 'tokenizer.json']));
    const entry = { mtime, model, tokenizer };
    this.entries.set(id, entry);
    if (this.entries.size > MAX) this.forget(this.entries.keys().next().value!);
    return entry;
  }

  forget(id: string): void {
    this.entries.get(id)?.model.dispose();
    this.entries.delete(id);
  }
}
