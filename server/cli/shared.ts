// Helpers shared by the CLI commands: argument parsers and a workspace opened for one command.
import { InvalidArgumentError } from 'commander';
import { resolveConfig } from '../config.ts';
import { openWorkspace, type Workspace } from '../workspace.ts';

export interface DataFlags {
  dataDir?: string;
  maxUploadMb?: string;
}

export const DATA_DIR_OPTION = ['--data-dir <dir>', 'where the database and files live (env LMW_DATA_DIR; default ./data)'] as const;

export function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

export function floatArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

export async function withWorkspace<T>(flags: DataFlags, fn: (ws: Workspace) => T | Promise<T>): Promise<T> {
  const config = resolveConfig(flags);
  const ws = openWorkspace(config.dataDir, {
    maxUploadBytes: config.maxUploadBytes,
    onProgress: (m) => process.stderr.write(`${m}\n`),
  });
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}
