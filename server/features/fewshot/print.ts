// What `lmw fewshot` and `lmw fewshot sweep` print without --json: the prompt's tokens per part
// against the context, the next tokens, the label scores (raw and calibrated), the continuation,
// the attention to each part (mean over heads, per layer); a sweep's accuracy table and baselines.
import { table } from '../../cli/format.ts';
import type { FewshotRunResult, FewshotSweepResult } from '../../../src/contract/fewshot.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const show = (s: string) => JSON.stringify(s);

export function printRun(r: FewshotRunResult): void {
  console.log(`model: ${r.model} on ${r.backend}`);
  console.log(`prompt: ${r.promptIds.length} of ${r.contextLength} tokens (${r.parts.map((p) => `${p.name} ${p.tokens}`).join(', ')})`);
  if (r.dropped.length) console.log(`dropped to fit: example${r.dropped.length > 1 ? 's' : ''} ${r.dropped.map((i) => i + 1).join(', ')}`);
  console.log('\nnext tokens:');
  console.log(table(['token', 'id', 'p'], r.next.map((n) => [show(n.token), String(n.id), n.p.toFixed(4)])));
  if (r.labels) {
    const cal = r.calibration !== undefined;
    console.log('\nlabels:');
    const rows = Object.entries(r.labels).map(([name, l]) => [name, l.logprob.toFixed(3), String(l.tokens), l.p.toFixed(4), ...(cal ? [l.calibratedP!.toFixed(4), r.calibration!.bias[name]!.toFixed(4)] : [])]);
    console.log(table(['label', 'logprob', 'tokens', 'p', ...(cal ? ['calibrated p', 'bias'] : [])], rows));
    console.log(`predicted: ${r.predicted}${cal ? ` (calibrated: ${r.calibration!.predicted}; content-free inputs ${r.calibration!.contentFree.map(show).join(', ')})` : ''}`);
  }
  console.log(`\ncontinuation: ${show(r.continuation)}`);
  if (r.attention) {
    const a = r.attention;
    console.log(`\nattention of the last position to each part (mean over ${a.heads} heads):`);
    const rows = a.mass.map((layer, l) => [`layer ${l}`, ...a.parts.map((_, p) => pct(layer.reduce((s, h) => s + h[p]!, 0) / a.heads))]);
    console.log(table(['', ...a.parts.map((p) => p.name)], rows));
  }
}

export function printSweep(r: FewshotSweepResult): void {
  console.log(`model: ${r.model} on ${r.backend}; ${r.queries} queries, pool ${r.pool}, labels ${r.labels.join(', ')}`);
  const rows = r.cells.map((c) => [
    String(c.k), c.mix, String(c.runs.length),
    c.fits ? `${pct(c.accuracy.mean)} ± ${pct(c.accuracy.std)}` : 'does not fit',
    c.fits ? pct(c.macroF1.mean) : '–',
    c.calibrated ? `${pct(c.calibrated.accuracy.mean)} ± ${pct(c.calibrated.accuracy.std)}` : '–',
    c.calibrated ? pct(c.calibrated.macroF1.mean) : '–',
    c.orderSpread === null ? '–' : pct(c.orderSpread),
  ]);
  console.log(table(['k', 'mix', 'runs', 'accuracy', 'macro-F1', 'calibrated acc', 'calibrated F1', 'order spread'], rows));
  const b = r.baselines;
  console.log(`baselines: majority (${r.labels[b.majority.label]}) accuracy ${pct(b.majority.accuracy)}, macro-F1 ${pct(b.majority.macroF1)}; random accuracy ${pct(b.random.accuracy)}, macro-F1 ${pct(b.random.macroF1)}`);
  for (const c of r.cells.filter((c) => !c.fits)) console.log(`k=${c.k} ${c.mix}: ${c.reason}`);
}
