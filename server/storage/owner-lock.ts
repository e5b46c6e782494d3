// One live owner per data directory: `owner.lock` holds the owner's pid, its process start time
// (from /proc, so a reused pid is not taken for the owner) and host, created with O_EXCL. A lock
// whose process is gone is stale and taken over. Leaves out locks across machines (NFS): another
// host's lock is always taken as live. Reference: flock(1)-style pid files, proc(5) `stat` field 22.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface OwnerInfo {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux), or null where /proc is absent. */
  started: number | null;
  host: string;
  /** What holds it: `server` (with its URL once it listens) or a CLI command. */
  role: string;
  since: string;
}

export const LOCK_FILE = 'owner.lock';

function processStart(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]); // field 22 of the whole line: starttime
  } catch {
    return null;
  }
}

function alive(o: OwnerInfo): boolean {
  if (o.host !== hostname()) return true;
  try {
    process.kill(o.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(o.pid);
  return o.started === null || started === null || started === o.started;
}

function readOwner(file: string): OwnerInfo | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as OwnerInfo;
    return Number.isInteger(o.pid) && typeof o.host === 'string' ? o : null;
  } catch {
    return null; // gone meanwhile, or a half-written lock from a crash: not an owner
  }
}

/** The live owner of `dataDir`, or null when there is none (no lock, or a stale one). */
export function liveOwner(dataDir: string): OwnerInfo | null {
  const o = readOwner(join(dataDir, LOCK_FILE));
  return o && alive(o) ? o : null;
}

export function describeOwner(o: OwnerInfo): string {
  return `${o.role} (pid ${o.pid}${o.host === hostname() ? '' : ` on ${o.host}`}, since ${o.since})`;
}

export class OwnerLockError extends Error {
  constructor(readonly dataDir: string, readonly owner: OwnerInfo) {
    super(`the data directory is in use by another lm-workbench ${describeOwner(owner)}: stop it first, or give another --data-dir`);
  }
}

export interface OwnerLock {
  info: OwnerInfo;
  /** Records more about the owner (say, the server's URL) in the lock. */
  update(role: string): void;
  release(): void;
}

/** Writes the lock whole: a temp file hard-linked into place (exclusive) or renamed over it. */
function writeLock(file: string, info: OwnerInfo, exclusive: boolean): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(info));
  try {
    if (exclusive) linkSync(temp, file);
    else renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Takes `dataDir` for this process, or throws OwnerLockError naming the live owner. */
export function acquireOwnerLock(dataDir: string, role: string): OwnerLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const info: OwnerInfo = { pid: process.pid, started: processStart(process.pid), host: hostname(), role, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeLock(file, info, true);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) throw err;
      const owner = readOwner(file);
      if (owner && alive(owner)) throw new OwnerLockError(dataDir, owner);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  let held = true;
  return {
    info,
    update(r) {
      if (held) writeLock(file, { ...info, role: r }, false);
    },
    release() {
      if (!held) return;
      held = false;
      const o = readOwner(file);
      if (o && o.pid === info.pid && o.since === info.since) rmSync(file, { force: true });
    },
  };
}
