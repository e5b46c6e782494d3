// The Brown corpus as a labelled corpus: each of its 500 texts cut at sentence ends into passages
// of about 150 words (a passage closes at the first sentence end at or past 150 words; a last
// piece under 75 words is dropped), labelled with the genre of its file letter (ca… news … cr…
// humour). Lines are `genre<TAB>passage`, in file order; `brownGenresSources` gives each line's
// source file, so a split can keep every text's passages on one side. Reference: Francis & Kučera 1979.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brownDir, untagSentence } from './brown.ts';

export const BROWN_GENRES: Record<string, string> = {
  a: 'news', b: 'editorial', c: 'reviews', d: 'religion', e: 'hobbies', f: 'lore', g: 'belles-lettres', h: 'government',
  j: 'learned', k: 'fiction', l: 'mystery', m: 'science-fiction', n: 'adventure', p: 'romance', r: 'humour',
};

const TARGET_WORDS = 150;
const MIN_WORDS = 75;

export interface BrownPassage {
  genre: string;
  /** The source file (e.g. ca01). */
  source: string;
  text: string;
}

/** Sentences → passages of about TARGET_WORDS words, cut at sentence ends. */
export function passages(sentences: readonly string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const s of sentences) {
    current.push(s);
    words += s.split(' ').length;
    if (words >= TARGET_WORDS) {
      out.push(current.join(' '));
      [current, words] = [[], 0];
    }
  }
  if (words >= MIN_WORDS) out.push(current.join(' '));
  return out;
}

export function brownGenrePassages(): BrownPassage[] {
  const dir = brownDir();
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  return files.flatMap((f) => {
    const genre = BROWN_GENRES[f[1]!];
    if (!genre) throw new Error(`Brown file ${f} has no genre letter we know`);
    const sentences = readFileSync(join(dir, f), 'utf8').split('\n').map(untagSentence).filter((s) => s.length > 0);
    return passages(sentences).map((text) => ({ genre, source: f, text: text.replace(/[\t\n]/g, ' ') }));
  });
}

export function brownGenresText(): string {
  return brownGenrePassages().map((p) => `${p.genre}\t${p.text}`).join('\n') + '\n';
}

/** The source file of each line of brownGenresText(), in the same order. */
export function brownGenresSources(): string[] {
  return brownGenrePassages().map((p) => p.source);
}
