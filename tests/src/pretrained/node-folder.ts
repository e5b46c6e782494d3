// A ModelFolder over a directory on disk for tests: names found by walking it, ranges read with
// positioned reads into fresh buffers (what the server's reader does too).
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ModelFolder } from '../../../src/pretrained/folder.ts';

function walk(dir: string, root: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, root, out);
    else if (e.isFile()) out.push(relative(root, p));
  }
  return out;
}

export function nodeFolder(dir: string): ModelFolder & { bytesRead: number } {
  const folder = {
    names: walk(dir, dir, []),
    bytesRead: 0,
    size: (name: string) => statSync(join(dir, name)).size,
    read: async (name: string, begin: number, end: number) => {
      const out = new Uint8Array(end - begin);
      const fd = openSync(join(dir, name), 'r');
      try {
        for (let at = 0; at < out.length; ) at += readSync(fd, out, at, out.length - at, begin + at);
      } finally {
        closeSync(fd);
      }
      folder.bytesRead += out.length;
      return out;
    },
  };
  return folder;
}
