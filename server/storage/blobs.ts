// Blob files under the data dir, named by generated id only — never by a user-supplied string.
// Writes are atomic: a temp file in the same folder, fsync, then rename over the target.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

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
    mkdirSync(join(this.root, kind), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      rmSync(temp, { force: true });
      throw err;
    }
    closeSync(fd);
    renameSync(temp, target);
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
