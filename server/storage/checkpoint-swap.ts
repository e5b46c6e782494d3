// Whole-or-nothing resume checkpoints: every file goes into a fresh sibling folder `<dir>.next`,
// fsynced, with a manifest (`checkpoint.json`: each file's size) written last; then the old folder
// is renamed to `<dir>.old` and the new one into place. A crash at any point leaves either the old
// checkpoint or the new one whole: settleCheckpoint() finishes or undoes a switch, and a folder
// whose files do not match its manifest does not verify. Leaves out checksums (sizes only).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckpointFiles } from '../../src/training/gpt-checkpoint.ts';
import { UserError } from '../errors.ts';
import { readCheckpointFolder, RESUME_FILES } from './checkpoint-folder.ts';

export const MANIFEST = 'checkpoint.json';

/** Named points of a save, in order; a test makes `hook` throw at one to stand for a crash there. */
export type SwapPoint = 'files-written' | 'manifest-written' | 'old-moved-away' | 'new-moved-in';

function writeSynced(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces the checkpoint in `dir` with `files`, whole. */
export function writeCheckpointSwap(dir: string, files: CheckpointFiles, hook: (p: SwapPoint) => void = () => {}): void {
  const next = `${dir}.next`;
  const old = `${dir}.old`;
  settleCheckpoint(dir);
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  const sizes: Record<string, number> = {};
  for (const [name, bytes] of Object.entries(files)) {
    writeSynced(join(next, name), bytes);
    sizes[name] = bytes.length;
  }
  hook('files-written');
  writeSynced(join(next, MANIFEST), Buffer.from(JSON.stringify({ files: sizes })));
  syncDir(next);
  hook('manifest-written');
  if (existsSync(dir)) renameSync(dir, old);
  hook('old-moved-away');
  renameSync(next, dir);
  syncDir(dirname(dir));
  hook('new-moved-in');
  rmSync(old, { recursive: true, force: true });
}

/** Whether `dir` holds a whole checkpoint: its manifest's files all there at their sizes. */
export function checkpointVerifies(dir: string): boolean {
  try {
    const { files } = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { files: Record<string, number> };
    return Object.entries(files).every(([name, size]) => statSync(join(dir, name)).size === size) && 'trainer-state.json' in files;
  } catch {
    return false;
  }
}

/**
 * Finishes or undoes a switch a crash cut short, and removes leftovers: a whole `.next` whose old
 * folder was already moved away goes into place; else the `.old` one comes back; a `.next` that
 * never switched is dropped.
 */
export function settleCheckpoint(dir: string): void {
  const next = `${dir}.next`;
  const old = `${dir}.old`;
  if (!existsSync(dir)) {
    if (existsSync(next) && checkpointVerifies(next)) renameSync(next, dir);
    else if (existsSync(old)) renameSync(old, dir);
  }
  rmSync(next, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}

/** Removes `*.tmp` files that an atomic write cut short left under `root` (at an owner's start). */
export function removeTempFiles(root: string): number {
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.tmp')) {
      rmSync(join(entry.parentPath, entry.name), { force: true });
      removed++;
    }
  }
  return removed;
}

/** The resume files of a checkpoint that verifies, or a 409 saying it cannot be resumed. */
export function readResumeCheckpoint(dir: string): CheckpointFiles {
  settleCheckpoint(dir);
  if (!checkpointVerifies(dir)) throw new UserError(409, 'the run has no whole checkpoint to resume from (its first save never finished, or its files do not match their manifest)');
  return readCheckpointFolder(dir, RESUME_FILES, ['config.json', 'model.safetensors', 'tokenizer.json', 'trainer-state.json']);
}
