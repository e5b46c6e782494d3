// Training a GPT: the recipe's optimizer (SGD, SGD with momentum, Adam or AdamW; weight decay on
// matrices only), a learning-rate schedule with warmup,
// gradient clipping, gradient accumulation, a train/validation split, periodic evaluation with
// perplexity and bits per byte, the best-validation weights kept, early stopping, and checkpoints
// that resume exactly (weights, optimizer moments, step, both generators, best-so-far).
// The same loop runs in the CLI, a server job and a browser worker; the caller drives it step by step.
import type { Backend } from '../tensor/backend.ts';
import { fromArray, scope, type Tensor } from '../tensor/tensor.ts';
import { mulScalar } from '../tensor/ops/binary.ts';
import { Rng } from '../nn/random.ts';
import { clipGradNorm } from '../optim/clip.ts';
import { GPT } from '../models/gpt/gpt.ts';
import { validateGptConfig, type GptConfig } from '../models/gpt/config.ts';
import { generate } from '../models/gpt/generate.ts';
import type { TokenCodec } from '../tokenizers/codec.ts';
import { utf8Encode } from '../data/utf8.ts';
import { fixedWindows, randomWindows, splitTokens, type LmSplit } from '../data/lm-batches.ts';
import { gptFolder, gptWeights, loadGptCheckpoint, readJsonFile, textFile, type CheckpointFiles } from './gpt-checkpoint.ts';
import { checkTrainConfig, defaultTrainConfig, learningRate, type GptTrainConfig } from './gpt-train-config.ts';
import { readOptimizerState, writeOptimizerState, type TrainOptimizer } from './optimizer-state.ts';
import { buildOptimizer } from './optimizer-choice.ts';

export interface StepMetrics {
  step: number;
  loss: number;
  lr: number;
  tokensPerSec: number;
  msPerStep: number;
}

export interface EvalMetrics {
  step: number;
  valLoss: number;
  perplexity: number;
  /** Validation loss in bits per byte of text: comparable across tokenizers. */
  bitsPerByte: number;
  /** Whether this evaluation is the best so far (its weights are kept). */
  improved: boolean;
  sample: string;
}

interface TrainerState {
  step: number;
  dataRng: { state: number; spare: number | null };
  modelRng: { state: number; spare: number | null };
  bestValLoss: number | null;
  bestStep: number | null;
  badEvals: number;
  stopped: boolean;
  train: GptTrainConfig;
}

/** High-resolution time where the platform has it (browser and Node do), else Date.now(). */
const clock = (globalThis as { performance?: { now(): number } }).performance;
const now = () => (clock ? clock.now() : Date.now());

const isRngState = (v: unknown) => typeof v === 'object' && v !== null && Number.isInteger((v as { state: unknown }).state) && ((v as { spare: unknown }).spare === null || Number.isFinite((v as { spare: unknown }).spare));

/** Refuses a trainer-state.json that is not one this code wrote, naming the first bad field. */
function checkTrainerState(s: TrainerState): void {
  if (typeof s !== 'object' || s === null) throw new Error('trainer-state.json is not a trainer state (not an object)');
  if (!Number.isSafeInteger(s.step) || s.step < 0) throw new Error(`trainer-state.json: step must be a whole number ≥ 0, got ${JSON.stringify(s.step)}`);
  if (typeof s.train !== 'object' || s.train === null) throw new Error('trainer-state.json: train (the recipe) is missing');
  if (!isRngState(s.dataRng) || !isRngState(s.modelRng)) throw new Error('trainer-state.json: dataRng and modelRng must be random generator states');
  if (s.bestValLoss !== null && !Number.isFinite(s.bestValLoss)) throw new Error(`trainer-state.json: bestValLoss must be a number or null, got ${JSON.stringify(s.bestValLoss)}`);
}

export class GptRun {
  private readonly optimizer: TrainOptimizer;
  private readonly split: LmSplit;
  private readonly valBatches: { x: Int32Array; y: Int32Array }[];
  /** Tokens per UTF-8 byte of the validation text (for bits per byte). */
  private readonly tokensPerByte: number;
  private state: TrainerState;
  private best: Uint8Array | null = null;

  private constructor(
    readonly backend: Backend,
    readonly model: GPT,
    readonly codec: TokenCodec,
    private readonly modelRng: Rng,
    private readonly dataRng: Rng,
    ids: Int32Array,
    readonly train: GptTrainConfig,
  ) {
    const T = model.config.contextLength;
    this.split = splitTokens(ids, train.valFraction, T);
    this.valBatches = fixedWindows(this.split.val, train.batchSize, T, train.evalBatches);
    this.tokensPerByte = this.split.val.length / utf8Encode(codec.decode(this.split.val)).length;
    this.optimizer = buildOptimizer(model.parameters(), train);
    this.state = { step: 0, dataRng: dataRng.snapshot, modelRng: modelRng.snapshot, bestValLoss: null, bestStep: null, badEvals: 0, stopped: false, train };
  }

  /** A new run: the model initialized from the seed, the corpus encoded and split. */
  static create(backend: Backend, text: string, codec: TokenCodec, modelConfig: GptConfig, train: GptTrainConfig): GptRun {
    checkTrainConfig(train);
    validateGptConfig(modelConfig);
    if (modelConfig.vocabSize !== codec.vocabSize) throw new Error(`vocabSize ${modelConfig.vocabSize} differs from the tokenizer's ${codec.vocabSize} tokens`);
    const ids = codec.encode(text);
    const modelRng = new Rng(train.seed);
    const model = new GPT(modelConfig, backend, modelRng);
    try {
      return new GptRun(backend, model, codec, modelRng, new Rng(train.seed ^ 0x5bd1e995), ids, train);
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /** Continues a run from `checkpoint()`'s files, as if it had never stopped. */
  static async resume(backend: Backend, text: string, files: CheckpointFiles): Promise<GptRun> {
    const saved = readJsonFile(files, 'trainer-state.json') as TrainerState;
    checkTrainerState(saved);
    saved.train = checkTrainConfig({ ...defaultTrainConfig, ...saved.train }); // states saved before the optimizer was a choice ran today's default, AdamW(0.9, 0.95)
    const modelRng = new Rng(0);
    const { model, codec } = await loadGptCheckpoint(backend, files, modelRng);
    modelRng.restore(saved.modelRng); // after the initializers drew from it: dropout continues exactly
    const dataRng = new Rng(0);
    dataRng.restore(saved.dataRng);
    const run = new GptRun(backend, model, codec, modelRng, dataRng, codec.encode(text), saved.train);
    run.state = { ...saved };
    run.optimizer.step = saved.step;
    if (files['optimizer.safetensors']) readOptimizerState(run.optimizer, model, files['optimizer.safetensors']);
    run.best = files['best.safetensors'] ?? null;
    return run;
  }

  get stepsDone(): number {
    return this.state.step;
  }

  /** True once the step budget is spent or early stopping has fired. */
  get done(): boolean {
    return this.state.stopped || this.state.step >= this.train.steps;
  }

  get bestValLoss(): number | null {
    return this.state.bestValLoss;
  }

  /** One optimizer step over `gradAccum` micro-batches. */
  async step(): Promise<StepMetrics> {
    if (this.done) throw new Error('the run is finished: no steps left');
    const { batchSize: B, gradAccum, gradClip } = this.train;
    const T = this.model.config.contextLength;
    const lr = learningRate(this.train, this.state.step);
    const start = now();
    this.model.train();
    const losses: Tensor[] = [];
    for (let micro = 0; micro < gradAccum; micro++) {
      const { x, y } = randomWindows(this.split.train, B, T, this.dataRng);
      losses.push(
        scope(() => {
          const { loss } = this.model.forward(fromArray(this.backend, x, [B, T], 'int32'), fromArray(this.backend, y, [B, T], 'int32'));
          (gradAccum > 1 ? mulScalar(loss!, 1 / gradAccum) : loss!).backward();
          return loss!;
        }),
      );
    }
    if (gradClip > 0) clipGradNorm(this.model.parameters(), gradClip)?.dispose();
    this.optimizer.lr = lr;
    this.optimizer.update();
    this.optimizer.zeroGrad();
    const values = await Promise.all(losses.map((l) => l.data()));
    for (const l of losses) l.dispose();
    const ms = now() - start;
    this.state.step++;
    const loss = values.reduce((a, v) => a + v[0]!, 0) / values.length;
    return { step: this.state.step, loss, lr, msPerStep: ms, tokensPerSec: (B * T * gradAccum * 1000) / ms };
  }

  /** Validation loss on fixed windows, perplexity, bits per byte, and a short sample. */
  async evaluate(): Promise<EvalMetrics> {
    const T = this.model.config.contextLength;
    const B = this.train.batchSize;
    this.model.eval();
    let total = 0;
    for (const { x, y } of this.valBatches) {
      const l = scope(() => this.model.forward(fromArray(this.backend, x, [B, T], 'int32'), fromArray(this.backend, y, [B, T], 'int32')).loss!);
      total += (await l.data())[0]!;
      l.dispose();
    }
    this.model.train();
    const valLoss = total / this.valBatches.length;
    const improved = this.state.bestValLoss === null || valLoss < this.state.bestValLoss;
    if (improved) {
      this.state.bestValLoss = valLoss;
      this.state.bestStep = this.state.step;
      this.state.badEvals = 0;
      this.best = await gptWeights(this.model);
    } else if (this.train.patience !== null && ++this.state.badEvals >= this.train.patience) {
      this.state.stopped = true;
    }
    return { step: this.state.step, valLoss, perplexity: Math.exp(valLoss), bitsPerByte: (valLoss / Math.LN2) * this.tokensPerByte, improved, sample: await this.sample() };
  }

  /** A continuation of the start of the validation text (temperature 0.8, seeded by the step). */
  async sample(tokens = this.train.sampleTokens): Promise<string> {
    const promptIds = this.split.val.subarray(0, Math.min(8, Math.floor(this.model.config.contextLength / 2)));
    const prompt = this.codec.decode(promptIds);
    const { text } = await generate(this.model, this.codec, prompt, { maxNewTokens: tokens, temperature: 0.8, topK: 40, seed: this.state.step });
    return prompt + text;
  }

  /** Everything needed to resume: the GPT-2 folder plus optimizer moments and trainer state. */
  async checkpoint(): Promise<CheckpointFiles> {
    const files = await gptFolder(this.model, this.codec);
    files['optimizer.safetensors'] = await writeOptimizerState(this.optimizer, this.model);
    files['trainer-state.json'] = textFile(JSON.stringify({ ...this.state, dataRng: this.dataRng.snapshot, modelRng: this.modelRng.snapshot }));
    if (this.best) files['best.safetensors'] = this.best;
    return files;
  }

  /** The GPT-2 folder of the best validation step so far (the current weights before any evaluation). */
  async bestCheckpoint(): Promise<CheckpointFiles> {
    const files = await gptFolder(this.model, this.codec);
    if (this.best) files['model.safetensors'] = this.best;
    return files;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
