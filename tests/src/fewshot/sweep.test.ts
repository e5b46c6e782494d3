// Sweeps and calibration on the tiny GPT of icl-task.ts (trained here, 300 steps on wasm): a bias
// planted in the model's weights (its final layer norm shifted so that label "A" gains 15 nats
// over "B" everywhere) breaks balanced accuracy and contextual calibration restores it; the
// sweep's ks, context check, progress, stop signal, baselines and bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../../../src/tensor/index.ts';
import type { LabelledExample } from '../../../src/data/labelled.ts';
import { engineLm, labelSpecs, runFewshot, sweep, type CausalLm, type SweepProgress, type SweepSpec } from '../../../src/fewshot/index.ts';
import { SEPARATOR, TEMPLATE, trainIclModel, type TrainedIcl } from './icl-task.ts';

let trained: TrainedIcl;
let lm: CausalLm;
beforeAll(async () => {
  trained = await trainIclModel(await createWasmBackend(), { steps: 300, seed: 1 });
  lm = engineLm(trained.model);
}, 240_000);

const item = (text: string): LabelledExample => ({ text, label: text.toUpperCase() });
const repeat = (texts: string[], n: number) => Array.from({ length: n }, () => texts.map(item)).flat();
/** The uppercase task as a two-label classification: a → A, b → B. */
const spec = (pool: LabelledExample[], queries = repeat(['a', 'b'], 5)): SweepSpec => ({
  template: TEMPLATE, separator: SEPARATOR, labels: labelSpecs(['A', 'B']), pool, queries,
});

/** Adds c·(e_A − e_B)/|e_A − e_B|² to the final layer norm's bias: every logit of A rises by c over B's. */
async function plantBias(c: number): Promise<() => void> {
  const { model, codec } = trained;
  const bias = model.transformer.ln_f.bias!;
  const before = Float32Array.from(await bias.data());
  const wte = await model.transformer.wte.weight.data();
  const C = model.config.nEmbd;
  const [a, b] = [codec.encode('A')[0]!, codec.encode('B')[0]!];
  const d = Array.from({ length: C }, (_, i) => wte[a * C + i]! - wte[b * C + i]!);
  const norm2 = d.reduce((s, x) => s + x * x, 0);
  bias.backend.write(bias.storage, before.map((v, i) => v + (c * d[i]!) / norm2));
  return () => bias.backend.write(bias.storage, before);
}

describe('calibration', () => {
  it('restores balanced accuracy when the model is planted with a preference for one label', async () => {
    const s = spec(repeat(['a', 'b'], 4));
    const clean = await sweep(lm, trained.codec, s, { ks: [2], draws: 3 });
    expect(clean.cells[0]!.accuracy.mean).toBeGreaterThanOrEqual(0.9);
    const restore = await plantBias(15);
    try {
      const biased = await sweep(lm, trained.codec, s, { ks: [2], draws: 3 });
      const cell = biased.cells[0]!;
      expect(cell.accuracy.mean).toBeLessThanOrEqual(0.6); // "A" for (nearly) every query
      expect(cell.runs.every((r) => r.predictions.filter((p) => p === 0).length >= 8)).toBe(true);
      expect(cell.calibrated!.accuracy.mean).toBeGreaterThanOrEqual(0.9);
      expect(cell.calibrated!.macroF1.mean).toBeGreaterThanOrEqual(0.9);
      for (const r of cell.runs) expect(r.calibrated!.bias[0]).toBeGreaterThan(0.99); // the planted bias, estimated

      const one = await runFewshot(lm, trained.codec, { template: TEMPLATE, examples: [{ input: 'a', output: 'A' }, { input: 'b', output: 'B' }], query: 'b', labels: labelSpecs(['A', 'B']), calibrate: true });
      expect(one.predicted).toBe('A');
      expect(one.calibration!.predicted).toBe('B');
      expect(one.labels!.B!.calibratedP).toBeGreaterThan(0.5);
      // This character vocabulary has no N, / or [: those content-free inputs are left out, and said so.
      expect(one.calibration!.contentFree).toEqual(['']);
      expect(one.calibration!.skipped.map((x) => x.input)).toEqual(['N/A', '[MASK]']);
      expect(one.calibration!.skipped[0]!.reason).toMatch(/"N".*not in this model's vocabulary/);
    } finally {
      restore();
    }
  });
});

describe('sweep', () => {
  it('runs each k over draws and orders, with baselines on the same queries', async () => {
    const pool = [...repeat(['a'], 5), ...repeat(['b'], 3)];
    const events: SweepProgress[] = [];
    const r = await sweep(lm, trained.codec, spec(pool), { draws: 2, orders: 2, mixes: ['balanced', 'skewed'], seed: 3, onProgress: (p) => events.push(p) });
    expect(r.cells.map((c) => `${c.mix} ${c.k}`)).toEqual(['balanced 0', 'balanced 1', 'balanced 2', 'skewed 0', 'skewed 1', 'skewed 2']);
    expect(r.cells.every((c) => c.fits)).toBe(true);
    expect(r.cells[0]!.runs).toHaveLength(1); // k = 0 has nothing to draw
    // Zero-shot with an empty content-free query, this model (no begin-of-text token) has no prompt to score.
    expect(r.cells[0]!.runs[0]!.calibrationError).toMatch(/"": the prompt is empty/);
    expect(r.cells[0]!.calibrated).toBeUndefined();
    expect(r.cells[1]!.calibrated!.accuracy.mean).toBeGreaterThan(0);
    expect(r.cells[1]!.runs).toHaveLength(4);
    expect(r.cells[2]!.orderSpread).not.toBeNull();
    for (const run of r.cells.find((c) => c.mix === 'skewed' && c.k === 2)!.runs) {
      const labels = new Set(run.examples.map((i) => pool[i]!.label));
      expect(labels.size).toBe(1);
    }
    for (const run of r.cells.find((c) => c.mix === 'balanced' && c.k === 2)!.runs) {
      expect(run.examples.map((i) => pool[i]!.label).sort()).toEqual(['A', 'B']);
    }
    expect(events.map((e) => e.done)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)!.done).toBe(events[0]!.total);
    expect(r.baselines.majority).toEqual({ label: 0, accuracy: 0.5, macroF1: (2 / 3 + 0) / 2 });
    expect(r.baselines.random.accuracy).toBeGreaterThan(0.4);
    expect(r.baselines.random.accuracy).toBeLessThan(0.6);
    expect(r.gold).toEqual(Array.from({ length: 10 }, (_, i) => i % 2));
  });

  it('marks the ks whose prompts overflow the context', async () => {
    const pool = repeat(['a', 'b', 'c', 'd', 'e', 'f'], 4).map((e) => ({ ...e, label: e.label < 'C' ? e.label : 'A' }));
    const r = await sweep(lm, trained.codec, { ...spec(pool), queries: repeat(['a', 'b'], 1) }, { ks: [10, 11, 12], draws: 1, mixes: ['random'], calibrate: false });
    // 10 pairs of 3 tokens and the query fill 31 of the 32 positions; 11 need 34.
    expect(r.cells.map((c) => c.fits)).toEqual([true, false, false]);
    expect(r.cells[1]!.reason).toMatch(/needs 34 tokens .* over the context length 32/);
    expect(r.cells[2]!.reason).toMatch(/a smaller k already overflowed/);
    expect(r.cells[0]!.calibrated).toBeUndefined();
  });

  it('stops on the signal', async () => {
    const stop = new AbortController();
    const seen: number[] = [];
    const run = sweep(lm, trained.codec, spec(repeat(['a', 'b'], 4)), { draws: 3, signal: stop.signal, onProgress: (p) => (seen.push(p.done), p.done === 3 && stop.abort()) });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('refuses bad input by name', async () => {
    const pool = repeat(['a', 'b'], 4);
    await expect(sweep(lm, trained.codec, spec(pool), { ks: [9] })).rejects.toThrow(/k = 9 is larger than the pool of 8 examples/);
    await expect(sweep(lm, trained.codec, spec(pool), { ks: [5], mixes: ['skewed'] })).rejects.toThrow(/label 1 has only 4/);
    await expect(sweep(lm, trained.codec, spec([...pool, item('c')]))).rejects.toThrow(/pool example 9 has the label "C", which is not among the labels \(A, B\)/);
    await expect(sweep(lm, trained.codec, { ...spec(pool), labels: labelSpecs(['A']) })).rejects.toThrow(/at least two labels/);
    await expect(sweep(lm, trained.codec, { ...spec(pool), template: '{output}' })).rejects.toThrow(/no \{input\} slot/);
    await expect(sweep(lm, trained.codec, spec(pool), { draws: 0 })).rejects.toThrow(/draws must be a positive integer/);
    await expect(sweep(lm, trained.codec, spec(pool), { mixes: ['sorted' as 'random'] })).rejects.toThrow(/unknown example mix "sorted"/);
  });
});
