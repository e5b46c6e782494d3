// The brown-genres labelled corpus: passages of about 150 words cut at sentence ends, the 15
// genres of the file letters, a source per line, and a grouped split that keeps each text whole.
import { describe, expect, it } from 'vitest';
import { BROWN_GENRES, brownGenrePassages, passages } from '../../corpora/brown-genres.ts';
import { bundledCorpora } from '../../corpora/manifest.ts';
import { parseLabelled } from '../../src/data/labelled.ts';
import { stratifiedSplit } from '../../src/data/stratified-split.ts';

describe('brown-genres', () => {
  it('cuts sentences into passages at the first sentence end past 150 words, dropping a short tail', () => {
    const s = (n: number) => new Array<string>(n).fill('w').join(' ');
    expect(passages([s(100), s(60), s(200), s(10)]).map((p) => p.split(' ').length)).toEqual([160, 200]);
    expect(passages([s(100), s(60), s(80)]).map((p) => p.split(' ').length)).toEqual([160, 80]);
  });

  it('labels every passage of the 500 texts with its file letter genre', () => {
    const ps = brownGenrePassages();
    expect(new Set(ps.map((p) => p.source)).size).toBe(500);
    expect(new Set(ps.map((p) => p.genre))).toEqual(new Set(Object.values(BROWN_GENRES)));
    for (const p of ps) expect(p.genre).toBe(BROWN_GENRES[p.source[1]!]);
    const words = ps.map((p) => p.text.split(' ').length);
    expect(Math.min(...words)).toBeGreaterThanOrEqual(75);
    expect(words.reduce((a, b) => a + b, 0) / words.length).toBeGreaterThan(150);
    expect(words.reduce((a, b) => a + b, 0) / words.length).toBeLessThan(175);
    expect(ps[0]!.text).toMatch(/^The Fulton County Grand Jury said Friday/);
  });

  it('is a bundled labelled corpus whose groups keep each text on one side of a split', () => {
    const c = bundledCorpora.find((x) => x.id === 'brown-genres')!;
    expect(c.kind).toBe('labelled');
    const examples = parseLabelled(c.materialize());
    const groups = c.groups!();
    expect(groups.length).toBe(examples.length);
    const split = stratifiedSplit(examples.map((e) => e.label), { valFraction: 0.1, testFraction: 0.2, seed: 1, groups });
    const sideOf = new Map<string, string>();
    for (const part of ['train', 'val', 'test'] as const) {
      for (const i of split[part]) {
        expect(sideOf.get(groups[i]!) ?? part).toBe(part);
        sideOf.set(groups[i]!, part);
      }
      expect(new Set(split[part].map((i) => examples[i]!.label)).size).toBe(15);
    }
  }, 60_000);
});
