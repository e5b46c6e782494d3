// A k-shot sweep on a labelled set: for each k (0, 1, 2, 4, 8 … as the pool and context allow)
// and each example mix, several seeded draws (and orders) of demonstrations; every held-out query
// classified by label scoring, with and without contextual calibration; accuracy and macro-F1 as
// mean and spread; the majority-class and random baselines on the same queries. Progress and a
// stop signal for a server job. Reference: Zhao et al. 2021, figs. 1 and 4 (accuracy over k and orders).
import type { LabelledExample } from '../data/labelled.ts';
import { Rng } from '../nn/random.ts';
import { ContextOverflow, FewshotError, throwIfStopped, type CausalLm, type StopSignal, type TextCodec } from './lm.ts';
import { buildPrompt, type PromptSpec } from './prompt.ts';
import { best, scoreLabels, type LabelSpec } from './scoring.ts';
import { calibrate, CONTENT_FREE, estimateBias } from './calibration.ts';
import { drawExamples, shuffled, type Mix } from './draw.ts';
import { accuracy, baselines, macroF1, stat, type Baselines, type Stat } from './metrics.ts';

export interface SweepSpec {
  instruction?: string;
  template: string;
  separator?: string;
  trimQuery?: boolean;
  labels: readonly LabelSpec[];
  /** Demonstrations are drawn from here; `text` fills {input}, the label's verbaliser {output}. */
  pool: readonly LabelledExample[];
  queries: readonly LabelledExample[];
}

export interface SweepOptions {
  /** Default: 0, 1, 2, 4, 8 … while every mix can draw them from the pool. */
  ks?: readonly number[];
  /** Random draws of examples per k (default 5; k = 0 runs once). */
  draws?: number;
  /** Orders of each draw (default 1: as drawn). */
  orders?: number;
  /** Default ['balanced']; 'skewed' takes every example from one label (label = draw mod L). */
  mixes?: readonly Mix[];
  /** Also score with contextual calibration (default true). */
  calibrate?: boolean;
  contentFree?: readonly string[];
  seed?: number;
  onProgress?: (p: SweepProgress) => void;
  signal?: StopSignal;
}

export interface SweepProgress {
  done: number;
  total: number;
  k: number;
  mix: Mix;
  draw: number;
  order: number;
}

export interface Scored {
  predictions: number[];
  accuracy: number;
  macroF1: number;
}

export interface SweepRun extends Scored {
  draw: number;
  order: number;
  /** Pool indices of the demonstrations, in prompt order. */
  examples: number[];
  calibrated?: Scored & { bias: number[] };
  /** Why this run has no calibrated scores (no content-free input could be scored, e.g. an empty zero-shot prompt). */
  calibrationError?: string;
}

export interface SweepCell {
  k: number;
  mix: Mix;
  /** False when the prompts of this k overflow the context (then `reason` says why and runs is empty). */
  fits: boolean;
  reason?: string;
  runs: SweepRun[];
  accuracy: Stat;
  macroF1: Stat;
  /** Over the runs that could be calibrated. */
  calibrated?: { accuracy: Stat; macroF1: Stat };
  /** Mean over draws of the accuracy's spread over orders (null with one order). */
  orderSpread: number | null;
}

export interface SweepResult {
  labels: string[];
  /** The queries' label indices. */
  gold: number[];
  baselines: Baselines;
  cells: SweepCell[];
}

function labelIndex(spec: SweepSpec): (e: LabelledExample, where: string) => number {
  const index = new Map(spec.labels.map((l, i) => [l.name, i]));
  return (e, where) => {
    const i = index.get(e.label);
    if (i === undefined) throw new FewshotError(`${where} has the label "${e.label}", which is not among the labels (${spec.labels.map((l) => l.name).join(', ')})`);
    return i;
  };
}

/** The default ks: powers of two from 0 while every mix can draw k examples. */
function defaultKs(poolLabels: number[], labels: number, mixes: readonly Mix[]): number[] {
  const counts = Array.from({ length: labels }, (_, l) => poolLabels.filter((x) => x === l).length);
  const fits = (k: number) =>
    mixes.every((m) => (m === 'random' ? k <= poolLabels.length : m === 'skewed' ? k <= Math.min(...counts) : Math.ceil(k / labels) <= Math.min(...counts)));
  const ks = [0];
  for (let k = 1; fits(k); k *= 2) ks.push(k);
  return ks;
}

const score = (gold: number[], predictions: number[], labels: number): Scored => ({ predictions, accuracy: accuracy(gold, predictions), macroF1: macroF1(gold, predictions, labels) });

export async function sweep(lm: CausalLm, codec: TextCodec, spec: SweepSpec, opts: SweepOptions = {}): Promise<SweepResult> {
  const L = spec.labels.length;
  if (L < 2) throw new FewshotError(`a sweep needs at least two labels, got ${L}`);
  if (spec.queries.length === 0) throw new FewshotError('a sweep needs at least one query');
  const idx = labelIndex(spec);
  const poolLabels = spec.pool.map((e, i) => idx(e, `pool example ${i + 1}`));
  const gold = spec.queries.map((e, i) => idx(e, `query ${i + 1}`));
  const mixes = opts.mixes ?? ['balanced'];
  const draws = opts.draws ?? 5;
  const orders = opts.orders ?? 1;
  const seed = opts.seed ?? 0;
  if (!(Number.isInteger(draws) && draws >= 1)) throw new FewshotError(`draws must be a positive integer, got ${draws}`);
  if (!(Number.isInteger(orders) && orders >= 1)) throw new FewshotError(`orders must be a positive integer, got ${orders}`);
  const ks = [...new Set(opts.ks ?? defaultKs(poolLabels, L, mixes))].sort((a, b) => a - b);
  // Refuse impossible draws before any work (k over the pool, a label too rare for the mix).
  for (const mix of mixes) for (const k of ks) for (let l = 0; l < (mix === 'skewed' ? L : 1); l++) drawExamples(poolLabels, L, k, mix, new Rng(0), l);

  const runsOf = (k: number) => (k === 0 ? 1 : draws * orders);
  const unitsPerRun = spec.queries.length + (opts.calibrate === false ? 0 : ((opts.contentFree ?? CONTENT_FREE).length));
  const total = mixes.length * ks.reduce((a, k) => a + runsOf(k) * unitsPerRun, 0);
  let done = 0;
  const cells: SweepCell[] = [];
  for (const [mi, mix] of mixes.entries()) {
    let overflow: string | null = null;
    for (const k of ks) {
      const at = { k, mix, draw: 0, order: 0 };
      if (overflow !== null) {
        cells.push(emptyCell(k, mix, `a smaller k already overflowed the context: ${overflow}`));
        done += runsOf(k) * unitsPerRun;
        continue;
      }
      const runs: SweepRun[] = [];
      const cellStart = done;
      try {
        for (let d = 0; d < (k === 0 ? 1 : draws); d++) {
          const rng = new Rng((seed * 1_000_003 + k * 7_919 + mi * 104_729 + d * 31) >>> 0);
          const drawn = drawExamples(poolLabels, L, k, mix, rng, d % L);
          for (let o = 0; o < (k === 0 ? 1 : orders); o++) {
            const examples = o === 0 ? drawn : shuffled(drawn, rng);
            const tick = () => opts.onProgress?.({ ...at, draw: d, order: o, done: ++done, total });
            runs.push({ draw: d, order: o, examples, ...(await evaluate(lm, codec, spec, examples, gold, opts, tick)) });
          }
        }
      } catch (err) {
        if (!(err instanceof ContextOverflow)) throw err;
        overflow = err.message;
        cells.push(emptyCell(k, mix, err.message));
        done = cellStart + runsOf(k) * unitsPerRun;
        continue;
      }
      cells.push(summarise(k, mix, runs));
    }
  }
  return { labels: spec.labels.map((l) => l.name), gold, baselines: baselines(gold, poolLabels, L, seed), cells };
}

/** One draw and order: every query classified, raw and calibrated. */
async function evaluate(
  lm: CausalLm,
  codec: TextCodec,
  spec: SweepSpec,
  examples: number[],
  gold: number[],
  opts: SweepOptions,
  tick: () => void,
): Promise<Omit<SweepRun, 'draw' | 'order' | 'examples'>> {
  const verbaliser = new Map(spec.labels.map((l) => [l.name, l.verbaliser]));
  const base: Omit<PromptSpec, 'query'> = {
    instruction: spec.instruction,
    template: spec.template,
    separator: spec.separator,
    examples: examples.map((i) => ({ input: spec.pool[i]!.text, output: verbaliser.get(spec.pool[i]!.label)! })),
  };
  const L = spec.labels.length;
  let bias: number[] | null = null;
  let calibrationError: string | undefined;
  if (opts.calibrate !== false) {
    throwIfStopped(opts.signal);
    try {
      bias = (await estimateBias(lm, codec, base, spec.labels, { contentFree: opts.contentFree, trimQuery: spec.trimQuery })).p;
    } catch (err) {
      if (!(err instanceof FewshotError) || err instanceof ContextOverflow) throw err;
      calibrationError = err.message;
    }
    for (let i = 0; i < ((opts.contentFree ?? CONTENT_FREE).length); i++) tick();
  }
  const raw: number[] = [];
  const cal: number[] = [];
  for (const q of spec.queries) {
    throwIfStopped(opts.signal);
    const prompt = buildPrompt({ ...base, query: q.text }, codec, { contextLength: lm.contextLength, trimQuery: spec.trimQuery });
    const p = (await scoreLabels(lm, codec, prompt, spec.labels)).map((s) => s.p);
    raw.push(best(p));
    if (bias) cal.push(best(calibrate(p, bias)));
    tick();
  }
  const out: Omit<SweepRun, 'draw' | 'order' | 'examples'> = score(gold, raw, L);
  if (bias) out.calibrated = { ...score(gold, cal, L), bias };
  if (calibrationError) out.calibrationError = calibrationError;
  return out;
}

function emptyCell(k: number, mix: Mix, reason: string): SweepCell {
  const none = stat([]);
  return { k, mix, fits: false, reason, runs: [], accuracy: none, macroF1: none, orderSpread: null };
}

function summarise(k: number, mix: Mix, runs: SweepRun[]): SweepCell {
  const cell: SweepCell = { k, mix, fits: true, runs, accuracy: stat(runs.map((r) => r.accuracy)), macroF1: stat(runs.map((r) => r.macroF1)), orderSpread: null };
  const cal = runs.flatMap((r) => (r.calibrated ? [r.calibrated] : []));
  if (cal.length) cell.calibrated = { accuracy: stat(cal.map((c) => c.accuracy)), macroF1: stat(cal.map((c) => c.macroF1)) };
  const draws = [...new Set(runs.map((r) => r.draw))];
  if (runs.some((r) => r.order > 0)) cell.orderSpread = stat(draws.map((d) => stat(runs.filter((r) => r.draw === d).map((r) => r.accuracy)).std)).mean;
  return cell;
}
