// Helpers shared by the CLI commands: argument parsers and a workspace opened for one command:
// as a reader (changes nothing beside a live server, whose database it opens read-only), or with
// `write` as the data directory's owner for the command's duration (refused while a server owns it).
import { InvalidArgumentError } from 'commander';
import { resolveConfig } from '../config.ts';
import { openWorkspace, type Workspace } from '../workspace.ts';
import { UserError } from '../errors.ts';
import { describeOwner, OwnerLockError } from '../storage/owner-lock.ts';

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

export async function withWorkspace<T>(flags: DataFlags, fn: (ws: Workspace) => T | Promise<T>, opts: { write?: boolean } = {}): Promise<T> {
  const config = resolveConfig(flags);
  let ws: Workspace;
  try {
    ws = openWorkspace(config.dataDir, {
      maxUploadBytes: config.maxUploadBytes,
      onProgress: (m) => process.stderr.write(`${m}\n`),
      access: opts.write ? 'owner' : 'reader',
      role: `lmw command (${process.argv.slice(2, 4).join(' ')})`,
    });
  } catch (err) {
    if (err instanceof OwnerLockError) throw new UserError(409, `${err.message.replace(/: stop it first.*/, '')}: this command changes the data directory, so it waits for that one to end (or use the server's API)`);
    throw err;
  }
  try {
    return await fn(ws);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_READONLY' && ws.owner) throw new UserError(409, `the data directory is owned by a running lm-workbench ${describeOwner(ws.owner)}: this command would change it; use the server's API or stop it first`);
    throw err;
  } finally {
    await ws.close();
  }
}
