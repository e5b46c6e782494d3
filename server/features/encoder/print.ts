// The CLI's view of an encoder session: a progress bar per stage (MLM pretraining, fine-tuning)
// with loss, held-out MLM loss or validation macro-F1 and tokens/s; at the end a table of ours
// beside the tf-idf baseline (accuracy, macro-F1, per class) and our confusion matrix.
import type { EncoderReport, EncoderSessionEvent } from '../../../src/contract/encoder.ts';
import { ProgressBar } from '../../cli/progress-bar.ts';
import { table } from '../../cli/format.ts';

export function encoderReporter() {
  let bar: ProgressBar | null = null;
  let stage: 'mlm' | 'finetune' | null = null;
  let val = '–';
  const onEvent = (e: EncoderSessionEvent) => {
    if (e.kind === 'start') process.stderr.write(`split: ${e.split.train} train / ${e.split.val} validation / ${e.split.test} test texts, ${e.labels.length} classes\n`);
    else if (e.kind === 'baseline') process.stderr.write(`tf-idf baseline: test accuracy ${pct(e.test.accuracy)}, macro-F1 ${pct(e.test.macroF1)}\n`);
    else if (e.kind === 'step') {
      if (stage !== e.stage) {
        bar?.done('');
        stage = e.stage;
        val = '–';
        bar = new ProgressBar(e.stage === 'mlm' ? 'stage 1: masked LM' : 'stage 2: fine-tuning');
      }
      const what = e.stage === 'mlm' ? 'held-out MLM loss' : 'val macro-F1';
      bar!.update(e.step / e.steps, `step ${e.step}/${e.steps} loss ${e.loss.toFixed(4)} ${what} ${val} ${Math.round(e.tokensPerSec)} tok/s`);
    } else if (e.kind === 'mlmEval') val = `${e.mlmLoss.toFixed(3)} (masked acc ${pct(e.maskedAccuracy)})`;
    else if (e.kind === 'eval') val = `${pct(e.valMacroF1)}${e.improved ? ' (best)' : ''}`;
  };
  return { onEvent, finish: () => bar?.done('') };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Ours beside the baseline, per class, and our confusion matrix (rows: true class). */
export function printResult(labels: readonly string[], ours: EncoderReport, baseline: EncoderReport | null): string {
  const b = (f: (r: EncoderReport) => string) => (baseline ? f(baseline) : '–');
  const rows = [
    ['accuracy', '', pct(ours.accuracy), '', '', b((r) => pct(r.accuracy))],
    ['macro-F1', '', pct(ours.macroF1), '', '', b((r) => pct(r.macroF1))],
    ...ours.perClass.map((c, k) => [c.label, String(c.support), pct(c.f1), pct(c.precision), pct(c.recall), b((r) => pct(r.perClass[k]!.f1))]),
  ];
  const summary = table(['', 'support', 'encoder F1', 'precision', 'recall', 'baseline F1'], rows);
  const short = labels.map((l) => l.slice(0, 8));
  const confusion = table(['true \\ predicted', ...short], ours.confusion.map((row, k) => [short[k]!, ...row.map(String)]));
  return `\n${summary}\n(accuracy and macro-F1 rows: encoder in the "encoder F1" column)\n\nconfusion matrix (test set):\n${confusion}\n`;
}
