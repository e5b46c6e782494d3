// A checkpoint folder on disk ⇄ the file map src/training uses. A model folder is written atomically
// per file (model.safetensors last); a resume checkpoint whole-or-nothing (checkpoint-swap.ts).
// Reading takes only the names asked for and refuses files over a size limit before reading them.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CheckpointFiles } from '../../src/training/gpt-checkpoint.ts';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from './atomic.ts';

export const GPT_FOLDER_FILES = ['config.json', 'model.safetensors', 'tokenizer.json'];
export const RESUME_FILES = [...GPT_FOLDER_FILES, 'optimizer.safetensors', 'trainer-state.json', 'best.safetensors'];

export function writeCheckpointFolder(dir: string, files: CheckpointFiles): void {
  const names = Object.keys(files).sort((a, b) => Number(a === 'model.safetensors') - Number(b === 'model.safetensors'));
  for (const name of names) writeFileAtomic(join(dir, name), files[name]!);
}

/** The named files present in `dir` (required ones must exist). */
export function readCheckpointFolder(dir: string, names: string[], required: string[] = GPT_FOLDER_FILES, maxBytes = 2 ** 31): CheckpointFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(404, `no model folder at "${dir}"`);
  const files: CheckpointFiles = {};
  for (const name of names) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      if (required.includes(name)) throw new UserError(404, `"${dir}" has no ${name}`);
      continue;
    }
    const size = statSync(path).size;
    if (size > maxBytes) throw new UserError(413, `${basename(dir)}/${name} is ${size} bytes, over the limit of ${maxBytes}`);
    files[name] = new Uint8Array(readFileSync(path));
  }
  return files;
}
