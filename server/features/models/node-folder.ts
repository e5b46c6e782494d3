// A model folder on disk as the library's ModelFolder: file names found by walking it (links not
// followed), sizes from stat, byte ranges read with positioned reads into fresh buffers.
// Leaves out remote folders (the pretrained feature's downloads land on disk first).
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ModelFolder } from '../../../src/pretrained/folder.ts';

function walk(dir: string, root: string, out: string[], depth: number): string[] {
  if (depth > 4) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, root, out, depth + 1);
    else if (e.isFile()) out.push(relative(root, p));
  }
  return out;
}

export function nodeModelFolder(dir: string): ModelFolder {
  return {
    names: walk(dir, dir, [], 0),
    size: (name) => statSync(join(dir, name)).size,
    read: async (name, begin, end) => {
      const out = new Uint8Array(end - begin);
      const fd = openSync(join(dir, name), 'r');
      try {
        for (let at = 0; at < out.length; ) {
          const n = readSync(fd, out, at, out.length - at, begin + at);
          if (n === 0) throw new Error(`${name}: file ended at byte ${begin + at}, before ${end}`);
          at += n;
        }
      } finally {
        closeSync(fd);
      }
      return out;
    },
  };
}
