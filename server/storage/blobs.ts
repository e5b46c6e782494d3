// Blob files under the data dir, named by generated id only — never by a user-supplied string.
// Writes are atomic (see atomic.ts).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from './atomic.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class BlobStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  path(kind: string, id: string, ext: string): string {
    if (!ID.test(kind) || !ID.test(id) || !/^[a-z0-9]{1,8}$/.test(ext)) {
      throw new Error(`invalid blob name ${JSON.stringify(`${kind}/${id}.${ext}`)}`);
    }
    return join(this.root, kind, `${id}.${ext}`);
  }

  write(kind: string, id: string, ext: string, data: string | Uint8Array): string {
    const target = this.path(kind, id, ext);
    writeFileAtomic(target, data);
    return target;
  }

  readText(kind: string, id: string, ext: string): string {
    return readFileSync(this.path(kind, id, ext), 'utf8');
  }

  remove(kind: string, id: string, ext: string): void {
    rmSync(this.path(kind, id, ext), { force: true });
  }
}

/** A fresh id: a readable prefix and random hex, safe as a file name. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}
