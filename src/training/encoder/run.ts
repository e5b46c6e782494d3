// One encoder run, driven step by step like GptRun: stage 1 masked-LM pretraining on the training
// split's texts (held-out MLM loss and masked-token accuracy on the validation split), then stage 2
// fine-tuning of the classifier (a head never trained before; the embeddings and first n blocks
// frozen on request: no gradient, not in the optimizer), early stopping on validation macro-F1 with
// the best weights kept; checkpoints resume exactly (weights, AdamW moments, stage, steps, generators).
import type { Backend } from '../../tensor/backend.ts';
import { fromArray, scope, type Tensor } from '../../tensor/tensor.ts';
import { Rng } from '../../nn/random.ts';
import { AdamW } from '../../optim/optimizer.ts';
import { weightDecayGroups } from '../../optim/groups.ts';
import { clipGradNorm } from '../../optim/clip.ts';
import { Bert } from '../../models/bert/bert.ts';
import { bertPresetConfig, fromHfBertConfig } from '../../models/bert/config.ts';
import { bertFolder, bertWeights, loadBertCheckpoint } from '../../models/bert/checkpoint.ts';
import { loadStateDict } from '../../nn/checkpoint.ts';
import type { EncoderTokenizer } from '../../models/bert/tokenization.ts';
import type { StratifiedSplit } from '../../data/stratified-split.ts';
import { readJsonFile, textFile, type CheckpointFiles } from '../gpt-checkpoint.ts';
import { readOptimizerState, writeOptimizerState } from '../optimizer-state.ts';
import { checkEncoderTrainConfig, linearSchedule, type EncoderTrainConfig } from './config.ts';
import { chunks, drawIndices, padBatch } from './batches.ts';
import { maskForMlm, type MaskTokens } from './masking.ts';
import { classProbabilities, mlmEvaluate, splitReport, type MlmEvalBatch, type SplitReport } from './evaluate.ts';

/** The corpus as the run sees it: encoded texts, class ids, class names, and the fixed split. */
export interface EncoderData {
  seqs: Int32Array[];
  labels: Int32Array;
  labelNames: string[];
  split: StratifiedSplit;
}

export type Stage = 'mlm' | 'finetune' | 'done';

export interface EncoderStepMetrics {
  stage: 'mlm' | 'finetune';
  step: number;
  loss: number;
  lr: number;
  tokensPerSec: number;
  msPerStep: number;
}

export type EncoderEvalMetrics =
  | { stage: 'mlm'; step: number; mlmLoss: number; maskedAccuracy: number }
  | { stage: 'finetune'; step: number; valMacroF1: number; valAccuracy: number; improved: boolean };

interface RunState {
  stage: Stage;
  mlmStep: number;
  step: number;
  dataRng: { state: number; spare: number | null };
  modelRng: { state: number; spare: number | null };
  bestF1: number | null;
  bestStep: number | null;
  badEvals: number;
  train: EncoderTrainConfig;
  split: StratifiedSplit;
  labelNames: string[];
}

const clock = (globalThis as { performance?: { now(): number } }).performance;
const now = () => (clock ? clock.now() : Date.now());

export class EncoderRun {
  private optimizer: AdamW;
  private state: RunState;
  private best: Uint8Array | null = null;
  private readonly mlmEval: MlmEvalBatch[];
  private readonly maskTokens: MaskTokens;
  private readonly classWeights: Tensor | null;

  private constructor(
    readonly backend: Backend,
    readonly model: Bert,
    readonly tokenizer: EncoderTokenizer,
    readonly data: EncoderData,
    private readonly modelRng: Rng,
    private readonly dataRng: Rng,
    readonly train: EncoderTrainConfig,
    stage: Stage,
  ) {
    const specials = new Set(tokenizer.tokenizer.specialTokens.map((t) => tokenizer.tokenizer.tokenToId(t)!));
    this.maskTokens = { mask: tokenizer.mask, ordinaryIds: tokenizer.ordinaryIds, isSpecial: (id) => specials.has(id) };
    const evalRng = new Rng(train.seed ^ 0x2c1b3c6d); // the same masks at every evaluation
    const evalSeqs = data.split.val.slice(0, train.mlmEvalExamples).map((i) => data.seqs[i]!);
    this.mlmEval = chunks(evalSeqs, train.mlmBatchSize).map((part) => {
      const batch = padBatch(part, tokenizer.pad);
      return { batch, masked: maskForMlm(batch.ids, batch.T, train.maskFraction, this.maskTokens, evalRng) };
    });
    this.classWeights = train.classWeights === 'balanced' ? balancedWeights(backend, data) : null;
    this.state = { stage, mlmStep: 0, step: 0, dataRng: dataRng.snapshot, modelRng: modelRng.snapshot, bestF1: null, bestStep: null, badEvals: 0, train, split: data.split, labelNames: data.labelNames };
    this.optimizer = this.makeOptimizer(stage);
  }

  /** A new run: a fresh model from the preset (or `from`'s weights with a new classifier). */
  static async create(backend: Backend, tokenizer: EncoderTokenizer, data: EncoderData, train: EncoderTrainConfig, from?: CheckpointFiles): Promise<EncoderRun> {
    checkEncoderTrainConfig(train);
    checkData(data);
    const modelRng = new Rng(train.seed);
    const overrides = { dropout: train.dropout, classifierDropout: train.dropout, labels: data.labelNames };
    let model: Bert;
    if (from) {
      // A pretrained folder keeps its own sizes; the classifier and the pooler start fresh.
      const config = { ...fromHfBertConfig(readJsonFile(from, 'config.json')), ...overrides };
      model = (await loadBertCheckpoint(backend, from, { fresh: ['classifier.', 'bert.pooler.'], rng: modelRng, config })).model;
    } else {
      model = new Bert(bertPresetConfig(train.preset, tokenizer.vocabSize, tokenizer.pad, overrides), backend, modelRng);
    }
    if (train.contextLength > model.config.contextLength) {
      model.dispose();
      throw new Error(`contextLength ${train.contextLength} is above the model's ${model.config.contextLength} positions`);
    }
    if (train.freezeLayers > model.config.nLayer) throw new Error(`freezeLayers ${train.freezeLayers} is above the model's ${model.config.nLayer} layers`);
    return new EncoderRun(backend, model, tokenizer, data, modelRng, new Rng(train.seed ^ 0x5bd1e995), train, train.mlmSteps > 0 && !from ? 'mlm' : 'finetune');
  }

  /** Continues a run from `checkpoint()`'s files and the same corpus, as if it had never stopped. */
  static async resume(backend: Backend, files: CheckpointFiles, data: Omit<EncoderData, 'split' | 'labelNames'>): Promise<EncoderRun> {
    const saved = readJsonFile(files, 'trainer-state.json') as RunState;
    if (typeof saved !== 'object' || saved === null || !Number.isInteger(saved.step) || typeof saved.train !== 'object' || !saved.split) throw new Error('trainer-state.json is not an encoder trainer state');
    checkEncoderTrainConfig(saved.train);
    const full: EncoderData = { ...data, split: saved.split, labelNames: saved.labelNames };
    checkData(full);
    const modelRng = new Rng(0);
    const { model, tokenizer } = await loadBertCheckpoint(backend, files, { rng: modelRng });
    modelRng.restore(saved.modelRng);
    const dataRng = new Rng(0);
    dataRng.restore(saved.dataRng);
    const run = new EncoderRun(backend, model, tokenizer, full, modelRng, dataRng, saved.train, saved.stage);
    run.state = { ...saved };
    run.optimizer.step = saved.stage === 'mlm' ? saved.mlmStep : saved.step;
    if (files['optimizer.safetensors']) readOptimizerState(run.optimizer, model, files['optimizer.safetensors']);
    run.best = files['best.safetensors'] ?? null;
    return run;
  }

  get stage(): Stage {
    return this.state.stage;
  }

  get split(): StratifiedSplit {
    return this.state.split;
  }

  get done(): boolean {
    return this.state.stage === 'done';
  }

  get mlmStepsDone(): number {
    return this.state.mlmStep;
  }

  get stepsDone(): number {
    return this.state.step;
  }

  /** The best validation macro-F1 of stage 2 so far (null before its first evaluation). */
  get bestValF1(): number | null {
    return this.state.bestF1;
  }

  /** model.safetensors of the best validation weights so far (null before stage 2's first evaluation). */
  get bestWeights(): Uint8Array | null {
    return this.best;
  }

  /** Steps taken in the current stage. */
  get stageStep(): number {
    return this.state.stage === 'mlm' ? this.state.mlmStep : this.state.step;
  }

  /** Trainable parameters for a stage: everything in stage 1; stage 2 leaves out the frozen part. */
  private makeOptimizer(stage: Stage): AdamW {
    const frozen = new Set(stage === 'mlm' ? [] : [...this.model.bert.embeddings.parameters(), ...this.model.bert.encoder.layer.list.slice(0, this.train.freezeLayers).flatMap((l) => l.parameters())]);
    for (const p of this.model.parameters()) p.setRequiresGrad(!frozen.has(p));
    const trainable = this.model.parameters().filter((p) => !frozen.has(p));
    return new AdamW(weightDecayGroups(trainable, this.train.weightDecay), stage === 'mlm' ? this.train.mlmLr : this.train.lr, { beta1: 0.9, beta2: 0.999, eps: 1e-6 });
  }

  /** One optimizer step of the current stage. */
  async step(): Promise<EncoderStepMetrics> {
    if (this.done) throw new Error('the run is finished: no steps left');
    const mlm = this.state.stage === 'mlm';
    const t = this.train;
    const lr = mlm ? linearSchedule(t.mlmLr, t.warmupFraction, t.mlmSteps, this.state.mlmStep) : linearSchedule(t.lr, t.warmupFraction, t.steps, this.state.step);
    const start = now();
    this.model.train();
    const trainIdx = this.state.split.train;
    const picked = drawIndices(trainIdx.length, mlm ? t.mlmBatchSize : t.batchSize, this.dataRng).map((i) => trainIdx[i]!);
    const b = padBatch(picked.map((i) => this.data.seqs[i]!), this.tokenizer.pad);
    const loss = scope(() => {
      const be = this.backend;
      const lengths = b.lengths ?? undefined;
      let out;
      if (mlm) {
        const m = maskForMlm(b.ids, b.T, t.maskFraction, this.maskTokens, this.dataRng);
        const n = m.positions.length;
        out = this.model.forward(fromArray(be, m.input, [b.B, b.T], 'int32'), { task: 'mlm', lengths, positions: fromArray(be, m.positions, [n], 'int32'), labels: fromArray(be, m.labels, [n], 'int32') });
      } else {
        const labels = fromArray(be, Int32Array.from(picked, (i) => this.data.labels[i]!), [b.B], 'int32');
        out = this.model.forward(fromArray(be, b.ids, [b.B, b.T], 'int32'), { task: 'classify', lengths, labels, classWeights: this.classWeights ?? undefined });
      }
      out.loss!.backward();
      return out.loss!;
    });
    if (t.gradClip > 0) clipGradNorm(this.model.parameters().filter((p) => p.requiresGrad), t.gradClip)?.dispose();
    this.optimizer.lr = lr;
    this.optimizer.update();
    this.optimizer.zeroGrad();
    const value = (await loss.data())[0]!;
    loss.dispose();
    const ms = now() - start;
    const step = mlm ? ++this.state.mlmStep : ++this.state.step;
    if (mlm && this.state.mlmStep >= t.mlmSteps) this.enterFinetune();
    else if (!mlm && this.state.step >= t.steps) this.state.stage = 'done';
    return { stage: mlm ? 'mlm' : 'finetune', step, loss: value, lr, msPerStep: ms, tokensPerSec: (b.B * b.T * 1000) / ms };
  }

  private enterFinetune(): void {
    this.optimizer.dispose();
    this.state.stage = 'finetune';
    this.optimizer = this.makeOptimizer('finetune');
  }

  /** Stage 1: held-out MLM loss and masked-token accuracy; stage 2: validation macro-F1 (early stopping, best weights kept). */
  async evaluate(stage: 'mlm' | 'finetune' = this.state.stage === 'mlm' ? 'mlm' : 'finetune'): Promise<EncoderEvalMetrics> {
    if (stage === 'mlm') {
      const r = await mlmEvaluate(this.model, this.mlmEval);
      return { stage: 'mlm', step: this.state.mlmStep, mlmLoss: r.loss, maskedAccuracy: r.accuracy };
    }
    const report = await this.report('val');
    const improved = this.state.bestF1 === null || report.macroF1 > this.state.bestF1;
    if (improved) {
      this.state.bestF1 = report.macroF1;
      this.state.bestStep = this.state.step;
      this.state.badEvals = 0;
      this.best = await bertWeights(this.model);
    } else if (this.train.patience !== null && ++this.state.badEvals >= this.train.patience && this.state.stage === 'finetune') {
      this.state.stage = 'done';
    }
    return { stage: 'finetune', step: this.state.step, valMacroF1: report.macroF1, valAccuracy: report.accuracy, improved };
  }

  /** The report of the current weights on a split. */
  async report(part: 'train' | 'val' | 'test'): Promise<SplitReport> {
    const idx = this.state.split[part];
    const probs = await classProbabilities(this.model, idx.map((i) => this.data.seqs[i]!), Math.max(this.train.batchSize, 32));
    return splitReport(this.data.labelNames, idx, this.data.labels, probs);
  }

  /** Puts the best validation weights (if any evaluation kept some) into the model. */
  async restoreBest(): Promise<void> {
    if (this.best) await loadStateDict(this.model, this.best);
  }

  /** Everything needed to resume: the BERT folder plus optimizer moments and trainer state. */
  async checkpoint(): Promise<CheckpointFiles> {
    const files = await bertFolder(this.model, this.tokenizer);
    files['optimizer.safetensors'] = await writeOptimizerState(this.optimizer, this.model);
    files['trainer-state.json'] = textFile(JSON.stringify({ ...this.state, dataRng: this.dataRng.snapshot, modelRng: this.modelRng.snapshot }));
    if (this.best) files['best.safetensors'] = this.best;
    return files;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.classWeights?.dispose();
    this.model.dispose();
  }
}

function checkData(d: EncoderData): void {
  const K = d.labelNames.length;
  if (d.seqs.length !== d.labels.length) throw new Error(`${d.seqs.length} texts but ${d.labels.length} labels`);
  if (d.labels.some((l) => !(l >= 0 && l < K))) throw new Error(`a label id is outside 0…${K - 1}`);
  for (const part of ['train', 'val', 'test'] as const) {
    const seen = new Set(d.split[part].map((i) => d.labels[i]));
    if (d.split[part].some((i) => !(i >= 0 && i < d.seqs.length))) throw new Error(`the ${part} split names an example outside the corpus`);
    const missing = d.labelNames.filter((_, k) => !seen.has(k));
    if (missing.length) throw new Error(`label "${missing[0]}" has no examples in the ${part} split`);
  }
}

/** Class k weighted N / (K·n_k) over the training split (scikit-learn's "balanced"). */
function balancedWeights(backend: Backend, d: EncoderData): Tensor {
  const K = d.labelNames.length;
  const counts = new Array<number>(K).fill(0);
  for (const i of d.split.train) counts[d.labels[i]!]!++;
  return fromArray(backend, counts.map((n) => d.split.train.length / (K * n)), [K]);
}
