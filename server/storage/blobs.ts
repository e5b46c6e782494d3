// Blob files under the data dir, named by generated id only — never by a user-supplied string.
// Writes are atomic (see atomic.ts).
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
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

  /** The first `chars` UTF-16 units of a UTF-8 blob, from a range of at most 4 bytes a unit (not the whole file). */
  readTextStart(kind: string, id: string, ext: string, chars: number): string {
    const buf = Buffer.alloc(chars * 4);
    const fd = openSync(this.path(kind, id, ext), 'r');
    let got = 0;
    try {
      for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    } finally {
      closeSync(fd);
    }
    const text = new TextDecoder('utf-8').decode(buf.subarray(0, got), { stream: true }); // a character cut at the end is held back
    return text.slice(0, chars);
  }

  remove(kind: string, id: string, ext: string): void {
    rmSync(this.path(kind, id, ext), { force: true });
  }
}

/** A fresh id: a readable prefix and random hex, safe as a file name. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}
