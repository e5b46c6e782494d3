// trainEncoder: the whole encoder recipe in one call, for the CLI, a server job or a browser
// worker — check the labelled corpus, learn a tokenizer with BERT's special tokens (or take one),
// split stratified by a seed, fit the tf-idf baseline on the same split, run stage 1 (masked LM)
// and stage 2 (fine-tuning) with evaluations, and score the best weights on the test split.
import type { Backend } from '../../tensor/backend.ts';
import { EncoderTokenizer } from '../../models/bert/tokenization.ts';
import { bertFolder } from '../../models/bert/checkpoint.ts';
import { stratifiedSplit, type StratifiedSplit } from '../../data/stratified-split.ts';
import { TfidfLogReg } from '../../data/tfidf-logreg.ts';
import type { CheckpointFiles } from '../gpt-checkpoint.ts';
import { checkEncoderTrainConfig, defaultEncoderTrainConfig, type EncoderTrainConfig } from './config.ts';
import { EncoderRun, type EncoderEvalMetrics, type EncoderStepMetrics } from './run.ts';
import { splitReport, type SplitReport } from './evaluate.ts';

export type EncoderEvent =
  | { type: 'split'; labels: string[]; train: number; val: number; test: number }
  | { type: 'baseline'; test: SplitReport; l2: number; features: number }
  | ({ type: 'step' } & EncoderStepMetrics)
  | ({ type: 'eval' } & EncoderEvalMetrics)
  | { type: 'result'; test: SplitReport };

export interface TrainEncoderOptions {
  /** A tokenizer with BERT's special tokens; by default one is learned on the training texts. */
  tokenizer?: EncoderTokenizer;
  /** Start stage 2 from this BERT folder's weights (a fresh classifier; no stage 1). */
  from?: CheckpointFiles;
  /** One group id per text: a group is kept on one side of every split (e.g. its source document). */
  groups?: ArrayLike<string | number>;
  /** Fit and report the tf-idf baseline (default true). */
  baseline?: boolean;
  /** Checked before each step: true stops the run early (the result covers what was trained). */
  shouldStop?: () => boolean;
}

export interface EncoderResult {
  labels: string[];
  split: StratifiedSplit;
  /** The encoder's best validation weights on the test split; misclassified entries carry their text. */
  test: SplitReport & { misclassified: (SplitReport['misclassified'][number] & { text: string })[] };
  baseline: SplitReport | null;
  /** The BERT folder of the best weights (config.json, model.safetensors, tokenizer.json, tokenizer_config.json). */
  folder: CheckpointFiles;
  run: EncoderRun;
}

/** Class names sorted, and each text's class id; refuses unlabelled and one-class corpora. */
export function labelIds(labels: readonly string[]): { names: string[]; ids: Int32Array } {
  const blank = labels.findIndex((l) => typeof l !== 'string' || l.trim() === '');
  if (blank >= 0) throw new Error(`example ${blank} has no label: a classifier needs every text labelled (label<TAB>text)`);
  const names = [...new Set(labels)].sort();
  if (names.length === 0) throw new Error('the corpus has no labelled examples');
  if (names.length === 1) throw new Error(`the corpus has one class only ("${names[0]}"): a classifier needs at least two`);
  const index = new Map(names.map((n, i) => [n, i]));
  return { names, ids: Int32Array.from(labels, (l) => index.get(l)!) };
}

const withText = (r: SplitReport, texts: readonly string[]) => ({ ...r, misclassified: r.misclassified.map((m) => ({ ...m, text: texts[m.index]! })) });

export async function trainEncoder(
  backend: Backend, texts: readonly string[], labels: readonly string[], config: Partial<EncoderTrainConfig>,
  onEvent: (e: EncoderEvent) => void = () => {}, opts: TrainEncoderOptions = {},
): Promise<EncoderResult> {
  const train = checkEncoderTrainConfig({ ...defaultEncoderTrainConfig, ...config });
  if (texts.length !== labels.length) throw new Error(`${texts.length} texts but ${labels.length} labels`);
  const { names, ids } = labelIds(labels);
  const split = stratifiedSplit(labels, { valFraction: train.valFraction, testFraction: train.testFraction, seed: train.seed, groups: opts.groups });
  onEvent({ type: 'split', labels: names, train: split.train.length, val: split.val.length, test: split.test.length });
  const part = (p: 'train' | 'val' | 'test') => ({ texts: split[p].map((i) => texts[i]!), labels: Int32Array.from(split[p], (i) => ids[i]!) });
  let baseline: SplitReport | null = null;
  if (opts.baseline !== false) {
    const model = TfidfLogReg.train(part('train'), part('val'), names.length);
    baseline = splitReport(names, split.test, ids, model.predictProba(part('test').texts));
    onEvent({ type: 'baseline', test: withText(baseline, texts), l2: model.l2, features: model.vectorizer.size });
  }
  const tokenizer = opts.tokenizer ?? EncoderTokenizer.learn(part('train').texts.join('\n'), { mode: train.tokenizerMode, vocabSize: train.vocabSize });
  const seqs = texts.map((t) => tokenizer.encode(t, train.contextLength, train.truncation));
  const run = await EncoderRun.create(backend, tokenizer, { seqs, labels: ids, labelNames: names, split }, train, opts.from);
  while (!run.done && !opts.shouldStop?.()) {
    const stage = run.stage === 'mlm' ? 'mlm' : 'finetune';
    const m = await run.step();
    onEvent({ type: 'step', ...m });
    const last = stage === 'mlm' ? m.step >= train.mlmSteps : m.step >= train.steps;
    if (m.step % train.evalEvery === 0 || last) onEvent({ type: 'eval', ...(await run.evaluate(stage)) });
  }
  await run.restoreBest();
  const test = withText(await run.report('test'), texts);
  onEvent({ type: 'result', test });
  return { labels: names, split, test, baseline: baseline && withText(baseline, texts), folder: await bertFolder(run.model, tokenizer), run };
}
