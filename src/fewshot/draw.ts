// Drawing k demonstrations from a labelled pool with a seeded generator: uniformly ('random'),
// with the labels as even as k allows ('balanced'), or all of one label ('skewed', the label
// given by the caller); reordering them; and holding out queries. Leaves out similarity-based
// selection (Liu et al. 2022). Reference: Zhao et al. 2021 §4 (majority-label and recency bias).
import type { Rng } from '../nn/random.ts';
import { FewshotError } from './lm.ts';

export type Mix = 'random' | 'balanced' | 'skewed';
export const MIXES: readonly Mix[] = ['random', 'balanced', 'skewed'];

/** A uniformly shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Pool indices grouped by label index. */
function byLabel(poolLabels: readonly number[], labels: number): number[][] {
  const groups = Array.from({ length: labels }, () => [] as number[]);
  poolLabels.forEach((l, i) => groups[l]!.push(i));
  return groups;
}

/**
 * k pool indices, in a random order. `skewLabel` is the label of every example for 'skewed'.
 * Throws when the pool (or the label's share of it) has fewer than k examples.
 */
export function drawExamples(poolLabels: readonly number[], labels: number, k: number, mix: Mix, rng: Rng, skewLabel = 0): number[] {
  if (!(Number.isInteger(k) && k >= 0)) throw new FewshotError(`k must be a whole number ≥ 0, got ${k}`);
  if (k > poolLabels.length) throw new FewshotError(`k = ${k} is larger than the pool of ${poolLabels.length} examples`);
  if (!MIXES.includes(mix)) throw new FewshotError(`unknown example mix "${String(mix)}" (random, balanced, skewed)`);
  const groups = byLabel(poolLabels, labels);
  if (mix === 'random') return shuffled(poolLabels.map((_, i) => i), rng).slice(0, k);
  if (mix === 'skewed') {
    const g = groups[skewLabel]!;
    if (g.length < k) throw new FewshotError(`k = ${k} examples of one label, but label ${skewLabel + 1} has only ${g.length} in the pool`);
    return shuffled(g, rng).slice(0, k);
  }
  // balanced: ⌊k/L⌋ of each label, the remainder one each from labels drawn at random among those with more.
  const per = Math.floor(k / labels);
  groups.forEach((g, l) => {
    if (g.length < per) throw new FewshotError(`a balanced draw of k = ${k} needs ${per} examples of label ${l + 1}, the pool has ${g.length}`);
  });
  const spare = groups.flatMap((g, l) => (g.length > per ? [l] : []));
  if (spare.length < k - per * labels) throw new FewshotError(`a balanced draw of k = ${k} needs ${per + 1} examples of ${k - per * labels} labels, the pool has that many of ${spare.length}`);
  const extra = new Set(shuffled(spare, rng).slice(0, k - per * labels));
  const picked = groups.flatMap((g, l) => shuffled(g, rng).slice(0, per + (extra.has(l) ? 1 : 0)));
  return shuffled(picked, rng);
}

/** Splits items into a pool and `n` held-out queries with about the same label shares. */
export function holdOut<T extends { label: string }>(items: readonly T[], n: number, rng: Rng): { pool: T[]; queries: T[] } {
  if (!(Number.isInteger(n) && n > 0 && n < items.length)) throw new FewshotError(`hold out 1…${items.length - 1} queries, got ${n}`);
  const order = shuffled(items.map((_, i) => i), rng);
  // Stratified: every label's items in turn, so the queries keep the corpus's label mix.
  const groups = new Map<string, number[]>();
  for (const i of order) groups.set(items[i]!.label, [...(groups.get(items[i]!.label) ?? []), i]);
  const taken = new Set<number>();
  for (const g of groups.values()) for (const i of g.slice(0, Math.round((n * g.length) / items.length))) taken.add(i);
  for (const i of order) if (taken.size < n) taken.add(i);
  const chosen = order.filter((i) => taken.has(i)).slice(0, n);
  const held = new Set(chosen);
  return { pool: items.filter((_, i) => !held.has(i)), queries: chosen.map((i) => items[i]!) };
}
