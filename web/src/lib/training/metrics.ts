// A run's metric series from its progress events: one row per step, the step's training values
// and (at evaluations) its validation values merged into it — the rows the server stores and the
// charts draw. Plus the time left, from the pace so far. Pure: tested without a browser.
import type { GptMetric, TrainingEvent } from '../../../../src/contract/index.ts';

/** The series with one more event; returns a new array (the input is not changed). */
export function applyEvent(series: GptMetric[], e: TrainingEvent): GptMetric[] {
  let row: GptMetric;
  if (e.kind === 'step') row = { step: e.step, loss: e.loss, lr: e.lr, tokensPerSec: e.tokensPerSec, msPerStep: e.msPerStep };
  else if (e.kind === 'eval') row = { step: e.step, valLoss: e.valLoss, bitsPerByte: e.bitsPerByte, sample: e.sample };
  else return series;
  const last = series.at(-1);
  if (last && last.step === row.step) return [...series.slice(0, -1), { ...last, ...row }];
  return [...series, row];
}

/** The last row that has a validation loss. */
export function lastEval(series: GptMetric[]): GptMetric | undefined {
  return series.findLast((m) => m.valLoss != null);
}

/**
 * Time left in words ("42 s", "3 min 5 s"), from the steps done in `elapsedMs` since `fromStep`
 * (a resumed run starts late); '' until a step has been timed.
 */
export function eta(doneStep: number, fromStep: number, totalSteps: number, elapsedMs: number): string {
  const done = doneStep - fromStep;
  if (done <= 0 || doneStep >= totalSteps) return '';
  const s = Math.round(((totalSteps - doneStep) * elapsedMs) / done / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
