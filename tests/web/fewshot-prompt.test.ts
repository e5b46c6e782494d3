// The Few-shot page's helpers (web/src/lib/state/fewshot-prompt.ts): slots found in the template,
// examples moved, examples drawn from a labelled corpus (balanced: the labels even), tokens grouped
// by part, labels parsed, and the sweep's series read from a result.
import { describe, expect, it } from 'vitest';
import { examplesFromCorpus, moveItem, parseLabels, partsWithTokens, sweepSeries, templateSegments } from '../../web/src/lib/state/fewshot-prompt.ts';
import type { FewshotSweepResult } from '../../src/contract/index.ts';

describe('few-shot page helpers', () => {
  it('splits a template at its slots', () => {
    expect(templateSegments('Poor: {input}\nGood: {output}')).toEqual([{ text: 'Poor: ' }, { text: '{input}', slot: 'input' }, { text: '\nGood: ' }, { text: '{output}', slot: 'output' }]);
    expect(templateSegments('no slots').every((s) => !s.slot)).toBe(true);
  });

  it('moves an example up, down and to the ends, leaving the list given as it was', () => {
    const list = ['a', 'b', 'c'];
    expect(moveItem(list, 1, 0)).toEqual(['b', 'a', 'c']);
    expect(moveItem(list, 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(list, 2, 9)).toEqual(['a', 'b', 'c']);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('draws balanced examples from a labelled corpus, each output its label', () => {
    const text = [...Array.from({ length: 9 }, (_, i) => `spam\tbuy now ${i}`), 'ham\thello 1', 'ham\thello 2', 'ham\thello 3'].join('\n');
    const picked = examplesFromCorpus(text, 4, 'balanced', 3);
    expect(picked).toHaveLength(4);
    expect(picked.filter((e) => e.output === 'ham')).toHaveLength(2);
    for (const e of picked) expect(text).toContain(`${e.output}\t${e.input}`);
    expect(() => examplesFromCorpus('plain text only', 2, 'random', 0)).toThrow(/labelled corpus/);
    expect(() => examplesFromCorpus(text, 20, 'random', 0)).toThrow(/larger than the pool/);
  });

  it('groups prompt tokens by part, examples in alternating colours', () => {
    const parts = [
      { name: 'example 1', kind: 'example', tokens: 2, start: 0, end: 2 },
      { name: 'example 2', kind: 'example', tokens: 1, start: 2, end: 3 },
      { name: 'query', kind: 'query', tokens: 2, start: 3, end: 5 },
    ];
    const g = partsWithTokens({ parts, promptTokens: ['a', 'b', 'c', 'd', 'e'] });
    expect(g.map((p) => p.tokens)).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
    expect(g[0]!.color).not.toBe(g[1]!.color);
  });

  it('parses labels with and without verbalisers', () => {
    expect(parseLabels(' spam, ham ')).toEqual([{ name: 'spam', verbaliser: 'spam' }, { name: 'ham', verbaliser: 'ham' }]);
    expect(parseLabels('pos= great,neg= awful')).toEqual([{ name: 'pos', verbaliser: 'great' }, { name: 'neg', verbaliser: 'awful' }]);
    expect(parseLabels(' ')).toBeUndefined();
  });

  it('reads accuracy over k for one mix, with a cell that did not fit as a gap', () => {
    const stat = (m: number | null) => ({ mean: m, std: m === null ? null : 0.1, min: m, max: m });
    const cell = (k: number, mix: 'balanced' | 'random', acc: number | null) => ({ k, mix, fits: acc !== null, runs: [], accuracy: stat(acc), macroF1: stat(acc), orderSpread: null });
    const r = { labels: ['a', 'b'], gold: [0, 1], baselines: { majority: { label: 0, accuracy: 0.5, macroF1: 0.33 }, random: { accuracy: 0.5, macroF1: 0.5 } }, cells: [cell(0, 'balanced', 0.5), cell(1, 'random', 0.9), cell(2, 'balanced', null)], model: 'm', backend: 'cpu', queries: 2, pool: 4 } as FewshotSweepResult;
    const s = sweepSeries(r, 'balanced');
    expect(s.ks).toEqual([0, 2]);
    expect(s.mean).toEqual([0.5, null]);
    expect(s.majority).toBe(0.5);
  });
});
