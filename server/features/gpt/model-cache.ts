// Trained GPTs loaded for sampling and attention on the server (CPU reference backend), cached
// per run and reloaded when the run's best weights change on disk (a training run rewrites them
// at every evaluation, so the Attention page can watch a run learn).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import type { GPT } from '../../../src/models/gpt/gpt.ts';
import type { GptConfig } from '../../../src/models/gpt/config.ts';
import type { TokenCodec } from '../../../src/tokenizers/codec.ts';
import { loadGptCheckpoint, type CheckpointFiles } from '../../../src/training/gpt-checkpoint.ts';
import { GPT_FOLDER_FILES, readCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { UserError } from '../../errors.ts';
import type { GptRunStore } from './run-store.ts';

interface Entry {
  mtime: number;
  model: GPT;
  codec: TokenCodec;
}

const MAX = 4;

export class ModelCache {
  private readonly backend = createCpuBackend();
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly runs: GptRunStore) {}

  async load(id: string): Promise<{ model: GPT; codec: TokenCodec }> {
    this.runs.get(id);
    const weights = join(this.runs.modelDir(id), 'model.safetensors');
    if (!existsSync(weights)) throw new UserError(409, `GPT run "${id}" has no saved weights yet`);
    const mtime = statSync(weights).mtimeMs;
    const hit = this.entries.get(id);
    if (hit && hit.mtime === mtime) return hit;
    this.forget(id);
    const { model, codec } = await loadGptCheckpoint(this.backend, readCheckpointFolder(this.runs.modelDir(id), GPT_FOLDER_FILES));
    const entry = { mtime, model, codec };
    this.entries.set(id, entry);
    if (this.entries.size > MAX) this.forget(this.entries.keys().next().value!);
    return entry;
  }

  /** Loads a folder only to check it (every file and tensor), then frees it. */
  async check(files: CheckpointFiles): Promise<{ config: GptConfig; parameters: number }> {
    let loaded;
    try {
      loaded = await loadGptCheckpoint(this.backend, files);
    } catch (err) {
      throw new UserError(400, `the uploaded checkpoint is not usable: ${(err as Error).message}`);
    }
    const result = { config: loaded.config, parameters: loaded.model.parameterCount };
    loaded.model.dispose();
    return result;
  }

  forget(id: string): void {
    this.entries.get(id)?.model.dispose();
    this.entries.delete(id);
  }
}
