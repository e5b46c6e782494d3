// Intrinsic evaluation: analogy accuracy on a file in questions-words.txt format (": section"
// lines, then "a b c d" per line; 3CosAdd over the 30,000 most frequent words by default, as
// word2vec.c and gensim restrict it), and Spearman's ρ between model cosines and human scores on
// a word-pair file (WordSim-353 / SimLex-999: word, word, score; tabs or spaces; a header line
// is skipped). Both report coverage: questions or pairs with a word the model does not know are
// left out and counted.
import type { KeyedVectors } from './keyed-vectors.ts';

export interface AnalogyResult {
  sections: { name: string; correct: number; total: number }[];
  correct: number;
  total: number;
  accuracy: number;
  /** Questions skipped for an out-of-vocabulary word. */
  skipped: number;
  coverage: number;
}

export function evaluateAnalogies(kv: KeyedVectors, text: string, opts: { restrict?: number; method?: 'add' | 'mul'; caseInsensitive?: boolean } = {}): AnalogyResult {
  const restrict = opts.restrict ?? 30_000;
  const known = (w: string) => (kv.index.get(w) ?? Infinity) < restrict;
  const sections: AnalogyResult['sections'] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith(':')) {
      sections.push({ name: line.slice(1).trim(), correct: 0, total: 0 });
      continue;
    }
    if (sections.length === 0) sections.push({ name: '(no section)', correct: 0, total: 0 });
    const q = (opts.caseInsensitive ?? true ? line.toLowerCase() : line).split(/\s+/);
    if (q.length !== 4) continue;
    const [a, b, c, d] = q as [string, string, string, string];
    if (![a, b, c, d].every(known)) {
      skipped++;
      continue;
    }
    const s = sections.at(-1)!;
    s.total++;
    if (kv.analogy(a, b, c, opts.method ?? 'add', 1, restrict)[0]?.word === d) s.correct++;
  }
  const correct = sections.reduce((n, s) => n + s.correct, 0);
  const total = sections.reduce((n, s) => n + s.total, 0);
  return { sections, correct, total, accuracy: total ? correct / total : 0, skipped, coverage: total + skipped ? total / (total + skipped) : 0 };
}

function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1; // ties share the mean rank
    i = j + 1;
  }
  return r;
}

/** Spearman's ρ: Pearson correlation of the ranks. */
export function spearman(x: number[], y: number[]): number {
  const [rx, ry] = [ranks(x), ranks(y)];
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(rx), mean(ry)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export interface PairsResult {
  spearman: number;
  pairs: number;
  skipped: number;
  coverage: number;
}

export function evaluatePairs(kv: KeyedVectors, text: string, caseInsensitive = true): PairsResult {
  const model: number[] = [];
  const human: number[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    const parts = raw.trim().split(/[\t ]+/);
    if (parts.length < 3 || raw.trim().startsWith('#')) continue;
    const score = Number(parts[2]);
    if (!Number.isFinite(score)) continue; // a header line
    const [a, b] = caseInsensitive ? [parts[0]!.toLowerCase(), parts[1]!.toLowerCase()] : [parts[0]!, parts[1]!];
    if (!kv.has(a) || !kv.has(b)) {
      skipped++;
      continue;
    }
    model.push(kv.similarity(a, b));
    human.push(score);
  }
  return { spearman: model.length > 1 ? spearman(model, human) : NaN, pairs: model.length, skipped, coverage: model.length + skipped ? model.length / (model.length + skipped) : 0 };
}
