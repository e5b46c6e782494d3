// One encoder training session, driven by the CLI, the server's `encoder.train` job and the
// browser worker alike: prepare the labelled data (labels, stratified split by seed, tokenizer
// with BERT's specials), fit the tf-idf baseline on the same split, then step an EncoderRun
// through both stages as an async iterator of the contract's EncoderSessionEvent, saving at each
// evaluation; a stop ends it after a save (resume with EncoderRun.resume). Leaves out where files
// go (the caller's `save`) and how the loop yields (`pause`). Reference: ../session.ts (the GPT's).
import type { Backend } from '../../tensor/backend.ts';
import { EncoderTokenizer } from '../../models/bert/tokenization.ts';
import { stratifiedSplit } from '../../data/stratified-split.ts';
import { TfidfLogReg } from '../../data/tfidf-logreg.ts';
import type { EncoderReport, EncoderSessionEvent, EncoderSessionResult } from '../../contract/encoder.ts';
import { readJsonFile, readTextFile, type CheckpointFiles } from '../gpt-checkpoint.ts';
import { checkEncoderTrainConfig, type EncoderTrainConfig } from './config.ts';
import { EncoderRun, type EncoderData } from './run.ts';
import { splitReport, type SplitReport } from './evaluate.ts';
import { labelIds } from './train-encoder.ts';

/** The texts of a labelled corpus (with their class ids) and everything the run needs from them. */
export interface PreparedEncoderData {
  texts: readonly string[];
  data: EncoderData;
  tokenizer: EncoderTokenizer;
}

/** Checks labels and recipe, splits stratified by the seed (groups kept whole) and encodes every text. */
export function prepareEncoderData(
  texts: readonly string[], labels: readonly string[], train: EncoderTrainConfig,
  opts: { tokenizer?: EncoderTokenizer; groups?: ArrayLike<string | number> } = {},
): PreparedEncoderData {
  checkEncoderTrainConfig(train);
  if (texts.length !== labels.length) throw new Error(`${texts.length} texts but ${labels.length} labels`);
  const { names, ids } = labelIds(labels);
  const split = stratifiedSplit(labels, { valFraction: train.valFraction, testFraction: train.testFraction, seed: train.seed, groups: opts.groups });
  const tokenizer = opts.tokenizer ?? EncoderTokenizer.learn(split.train.map((i) => texts[i]!).join('\n'), { mode: train.tokenizerMode, vocabSize: train.vocabSize });
  const seqs = texts.map((t) => tokenizer.encode(t, train.contextLength, train.truncation));
  return { texts, tokenizer, data: { seqs, labels: ids, labelNames: names, split } };
}

/** The tf-idf + logistic-regression baseline fit on the run's training split, scored on its test split. */
export function baselineReport(texts: readonly string[], data: EncoderData): EncoderReport {
  const { split, labels, labelNames } = data;
  const part = (p: 'train' | 'val' | 'test') => ({ texts: split[p].map((i) => texts[i]!), labels: Int32Array.from(split[p], (i) => labels[i]!) });
  const model = TfidfLogReg.train(part('train'), part('val'), labelNames.length);
  return withText(splitReport(labelNames, split.test, labels, model.predictProba(part('test').texts)), texts);
}

/** A report with each misclassified example's text. */
export function withText(r: SplitReport, texts: readonly string[]): EncoderReport {
  return { ...r, misclassified: r.misclassified.map((m) => ({ ...m, text: texts[m.index]! })) };
}

export interface EncoderSessionOptions {
  /** The backend's label for the user (the `start` event carries it). */
  backend: string;
  /** Lets other work in between steps (a stop message): the platform's macrotask. */
  pause: () => Promise<void>;
  /** Checked after each step: true ends the session early, after a last save. */
  shouldStop?: () => boolean;
  /** Persists the run (EncoderRun.checkpoint(), the best weights); called after each evaluation and when stopped. */
  save?: (run: EncoderRun) => Promise<void>;
  /** Fit and report the tf-idf baseline first (default true). */
  baseline?: boolean;
}

/** Starts a new run (from `from`'s weights when given) on prepared data. */
export function createEncoderRun(backend: Backend, p: PreparedEncoderData, train: EncoderTrainConfig, from?: CheckpointFiles): Promise<EncoderRun> {
  return EncoderRun.create(backend, p.tokenizer, p.data, train, from);
}

/** Yields the session's events until both stages are done, early stopping fires, or `shouldStop`. */
export async function* encoderSession(run: EncoderRun, texts: readonly string[], o: EncoderSessionOptions): AsyncGenerator<EncoderSessionEvent, EncoderSessionResult, undefined> {
  const t = run.train;
  const { split, labelNames } = run.data;
  yield {
    kind: 'start', backend: o.backend, parameters: run.model.parameterCount, labels: labelNames,
    split: { train: split.train.length, val: split.val.length, test: split.test.length }, mlmSteps: t.mlmSteps, steps: t.steps, stage: run.stage,
  };
  let baseline: EncoderReport | null = null;
  if (o.baseline !== false) {
    baseline = baselineReport(texts, { ...run.data, split: run.split });
    yield { kind: 'baseline', test: baseline };
  }
  let stopped = false;
  while (!run.done) {
    const stage = run.stage === 'mlm' ? 'mlm' : 'finetune';
    const m = await run.step();
    yield { kind: 'step', steps: stage === 'mlm' ? t.mlmSteps : t.steps, ...m };
    const last = stage === 'mlm' ? m.step >= t.mlmSteps : m.step >= t.steps;
    if (m.step % t.evalEvery === 0 || last) {
      const e = await run.evaluate(stage);
      if (e.stage === 'mlm') yield { kind: 'mlmEval', step: e.step, mlmLoss: e.mlmLoss, maskedAccuracy: e.maskedAccuracy };
      else yield { kind: 'eval', step: e.step, valMacroF1: e.valMacroF1, valAccuracy: e.valAccuracy, improved: e.improved, bestValF1: run.bestValF1 };
      if (o.save) {
        await o.save(run);
        yield { kind: 'checkpoint', stage, step: m.step };
      }
    }
    await o.pause();
    if (!run.done && o.shouldStop?.()) {
      stopped = true;
      break;
    }
  }
  const counts = { mlmStepsDone: run.mlmStepsDone, stepsDone: run.stepsDone };
  if (stopped) {
    if (o.save) await o.save(run);
    return { stopped, ...counts, test: null, baseline };
  }
  await run.restoreBest();
  const test = withText(await run.report('test'), texts);
  yield { kind: 'result', test };
  return { stopped, ...counts, test, baseline };
}

/** Drives a session to its end, handing each event to `onEvent`. */
export async function runEncoderSession(run: EncoderRun, texts: readonly string[], o: EncoderSessionOptions, onEvent: (e: EncoderSessionEvent) => void): Promise<EncoderSessionResult> {
  const session = encoderSession(run, texts, o);
  for (;;) {
    const next = await session.next();
    if (next.done) return next.value;
    onEvent(next.value);
  }
}

/** Continues a run from EncoderRun.checkpoint()'s files on the same labelled texts. */
export function resumeEncoderRun(backend: Backend, files: CheckpointFiles, texts: readonly string[], labels: readonly string[]): Promise<EncoderRun> {
  const state = readJsonFile(files, 'trainer-state.json') as { train?: EncoderTrainConfig; labelNames?: string[] } | null;
  if (typeof state !== 'object' || state === null || typeof state.train !== 'object' || !Array.isArray(state.labelNames)) throw new Error('trainer-state.json is not an encoder trainer state');
  const { train, labelNames } = state as { train: EncoderTrainConfig; labelNames: string[] };
  const index = new Map(labelNames.map((n, i) => [n, i]));
  const ids = Int32Array.from(labels, (l) => {
    const k = index.get(l);
    if (k === undefined) throw new Error(`label "${l}" is not one of the run's classes (${labelNames.join(', ')}): resume on the corpus it was trained on`);
    return k;
  });
  const tokenizer = EncoderTokenizer.fromTokenizerJson(readTextFile(files, 'tokenizer.json'));
  const seqs = texts.map((t) => tokenizer.encode(t, train.contextLength, train.truncation));
  return EncoderRun.resume(backend, files, { seqs, labels: ids });
}
