// Pure helpers of the Few-shot page: the template split at its slots (for highlighting), moving an
// example, examples drawn from a labelled corpus (random or balanced, by the library's draw), the
// prompt's tokens grouped by part with a colour per part, and the sweep's chart series.
// Leaves out the network (fewshot.svelte.ts). Reference: src/fewshot (draw.ts, prompt.ts).
import { drawExamples } from '../../../../src/fewshot/draw.ts';
import { Rng } from '../../../../src/nn/random.ts';
import { parseLabelled } from '../../../../src/data/labelled.ts';
import type { FewshotRunResult, FewshotSweepResult } from '../../../../src/contract/index.ts';

export interface Example {
  input: string;
  output: string;
}

export interface Segment {
  text: string;
  slot?: 'input' | 'output';
}

/** The template as plain text and its `{input}` / `{output}` slots, in order. */
export function templateSegments(template: string): Segment[] {
  return template
    .split(/(\{input\}|\{output\})/)
    .filter((s) => s !== '')
    .map((s) => (s === '{input}' ? { text: s, slot: 'input' } : s === '{output}' ? { text: s, slot: 'output' } : { text: s }));
}

/** A copy of `list` with the item at `from` moved to `to` (clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(out.length, to)), 0, item!);
  return out;
}

/** k examples from a labelled corpus text (`label<TAB>text`), each text cut to `chars`; output = its label. */
export function examplesFromCorpus(text: string, k: number, mode: 'random' | 'balanced', seed: number, chars = 100): Example[] {
  const items = parseLabelled(text).map((e) => ({ label: e.label, text: e.text.split('\n')[0]!.trim().slice(0, chars) })).filter((e) => e.text);
  const labels = [...new Set(items.map((e) => e.label))];
  if (labels.length === 0) throw new Error('this corpus has no label<TAB>text lines: pick a labelled corpus');
  const index = new Map(labels.map((l, i) => [l, i]));
  const picked = drawExamples(items.map((e) => index.get(e.label)!), labels.length, k, mode, new Rng(seed));
  return picked.map((i) => ({ input: items[i]!.text, output: items[i]!.label }));
}

/** Colours of the prompt's parts: instruction grey, examples alternating, the query yellow. */
const EXAMPLE_COLORS = ['#dfe7fd', '#e2ece9', '#e8dff5', '#d7f0f7'];
export function partColor(kind: string, index: number): string {
  if (kind === 'query') return '#fff1c1';
  if (kind === 'example') return EXAMPLE_COLORS[index % EXAMPLE_COLORS.length]!;
  return '#eceff3';
}

export interface PartTokens {
  name: string;
  kind: string;
  color: string;
  tokens: string[];
}

/** The prompt's token labels grouped by the part each starts in. */
export function partsWithTokens(r: Pick<FewshotRunResult, 'parts' | 'promptTokens'>): PartTokens[] {
  let examples = 0;
  return r.parts.map((p) => ({
    name: p.name,
    kind: p.kind,
    color: partColor(p.kind, p.kind === 'example' ? examples++ : 0),
    tokens: r.promptTokens.slice(p.start, p.end),
  }));
}

/** Labels from `spam, ham` or `spam=junk, ham=fine` (name=verbaliser). */
export function parseLabels(text: string): { name: string; verbaliser: string }[] | undefined {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts.map((p) => {
    const eq = p.indexOf('=');
    return eq > 0 ? { name: p.slice(0, eq).trim(), verbaliser: p.slice(eq + 1).trim() } : { name: p, verbaliser: p };
  });
}

export interface SweepSeries {
  ks: number[];
  mean: (number | null)[];
  std: (number | null)[];
  calibrated: (number | null)[];
  calibratedStd: (number | null)[];
  majority: number;
  random: number;
}

/** Accuracy over k (mean and spread over draws and orders) for one example mix, and the baselines. */
export function sweepSeries(r: FewshotSweepResult, mix: string): SweepSeries {
  const cells = r.cells.filter((c) => c.mix === mix);
  return {
    ks: cells.map((c) => c.k),
    mean: cells.map((c) => (c.fits ? c.accuracy.mean : null)),
    std: cells.map((c) => (c.fits ? c.accuracy.std : null)),
    calibrated: cells.map((c) => c.calibrated?.accuracy.mean ?? null),
    calibratedStd: cells.map((c) => c.calibrated?.accuracy.std ?? null),
    majority: r.baselines.majority.accuracy,
    random: r.baselines.random.accuracy,
  };
}
