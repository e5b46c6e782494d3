// The recipe of an encoder run with documented defaults — stage 1 masked-LM pretraining, stage 2
// fine-tuning to classify — its checks (each error names the field), and the learning rate at a
// step (linear warmup, then linear decay to zero, as BERT). Defaults: sized for about a quarter of
// an hour on a 2-core machine with bert-baby; `npm run bench:encoder` measures what they reach.
import { bertPresets, type BertPresetName } from '../../models/bert/config.ts';
import type { Truncation } from '../../models/bert/tokenization.ts';

export interface EncoderTrainConfig {
  preset: BertPresetName;
  /** A new BPE tokenizer learned on the training texts: byte- or word-level, this many tokens. */
  tokenizerMode: 'byte' | 'word';
  vocabSize: number;
  /** Tokens per text, [CLS] and [SEP] included (≤ the preset's positions). */
  contextLength: number;
  truncation: Truncation;
  /** Stage 1: masked-LM steps (0: fine-tune from the initial weights). */
  mlmSteps: number;
  mlmLr: number;
  mlmBatchSize: number;
  /** Share of each sequence's tokens chosen for prediction (BERT: 0.15). */
  maskFraction: number;
  /** Stage 2: fine-tuning steps. */
  steps: number;
  lr: number;
  batchSize: number;
  /** Share of each stage's steps spent warming up linearly from 0. */
  warmupFraction: number;
  weightDecay: number;
  gradClip: number;
  dropout: number;
  /** The embeddings and the first n blocks get no gradient and no updates in stage 2. */
  freezeLayers: number;
  /** 'balanced': class k's loss weighted by N / (K·n_k) of the training split. */
  classWeights: 'none' | 'balanced';
  /** Evaluate (val macro-F1; held-out MLM loss in stage 1) every this many steps. */
  evalEvery: number;
  /** Stop stage 2 after this many evaluations without a better val macro-F1 (null: never). */
  patience: number | null;
  valFraction: number;
  testFraction: number;
  /** Examples of the validation split used for the held-out MLM loss (fixed masks). */
  mlmEvalExamples: number;
  seed: number;
}

export const defaultEncoderTrainConfig: EncoderTrainConfig = {
  preset: 'bert-baby', tokenizerMode: 'byte', vocabSize: 4096, contextLength: 128, truncation: 'head',
  mlmSteps: 800, mlmLr: 1e-3, mlmBatchSize: 32, maskFraction: 0.15,
  steps: 600, lr: 1e-3, batchSize: 32, warmupFraction: 0.06, weightDecay: 0.01, gradClip: 1, dropout: 0.1,
  freezeLayers: 0, classWeights: 'none', evalEvery: 100, patience: 4, valFraction: 0.1, testFraction: 0.2, mlmEvalExamples: 256, seed: 1234,
};

export function checkEncoderTrainConfig(c: EncoderTrainConfig): EncoderTrainConfig {
  const preset = bertPresets[c.preset];
  if (!preset) throw new Error(`preset must be one of ${Object.keys(bertPresets).join(', ')}, got ${String(c.preset)}`);
  for (const f of ['steps', 'batchSize', 'mlmBatchSize', 'evalEvery', 'vocabSize', 'mlmEvalExamples'] as const) {
    if (!(Number.isInteger(c[f]) && c[f] > 0)) throw new Error(`${f} must be a positive integer, got ${String(c[f])}`);
  }
  for (const f of ['mlmSteps', 'freezeLayers'] as const) if (!(Number.isInteger(c[f]) && c[f] >= 0)) throw new Error(`${f} must be a whole number ≥ 0, got ${String(c[f])}`);
  if (!(Number.isInteger(c.contextLength) && c.contextLength >= 8 && c.contextLength <= preset.contextLength)) throw new Error(`contextLength must be an integer in [8, ${preset.contextLength}] for ${c.preset}, got ${String(c.contextLength)}`);
  if (c.freezeLayers > preset.nLayer) throw new Error(`freezeLayers ${c.freezeLayers} is above the ${preset.nLayer} layers of ${c.preset}`);
  for (const f of ['lr', 'mlmLr'] as const) if (!(c[f] > 0 && Number.isFinite(c[f]))) throw new Error(`${f} must be > 0, got ${c[f]}`);
  for (const f of ['maskFraction', 'warmupFraction', 'dropout'] as const) if (!(c[f] >= 0 && c[f] < 1)) throw new Error(`${f} must be in [0, 1), got ${c[f]}`);
  if (!(c.maskFraction > 0)) throw new Error(`maskFraction must be > 0, got ${c.maskFraction}`);
  if (!(c.weightDecay >= 0)) throw new Error(`weightDecay must be ≥ 0, got ${c.weightDecay}`);
  if (!(c.gradClip >= 0)) throw new Error(`gradClip must be ≥ 0, got ${c.gradClip}`);
  if (c.tokenizerMode !== 'byte' && c.tokenizerMode !== 'word') throw new Error(`tokenizerMode must be byte or word, got ${String(c.tokenizerMode)}`);
  if (c.truncation !== 'head' && c.truncation !== 'head+tail') throw new Error(`truncation must be head or head+tail, got ${String(c.truncation)}`);
  if (c.classWeights !== 'none' && c.classWeights !== 'balanced') throw new Error(`classWeights must be none or balanced, got ${String(c.classWeights)}`);
  if (c.patience !== null && !(Number.isInteger(c.patience) && c.patience > 0)) throw new Error(`patience must be a positive integer or null, got ${String(c.patience)}`);
  if (!Number.isInteger(c.seed)) throw new Error(`seed must be an integer, got ${String(c.seed)}`);
  return c;
}

/** BERT's schedule: linear warmup over warmupFraction of the steps, then linear decay to 0. */
export function linearSchedule(lr: number, warmupFraction: number, steps: number, step: number): number {
  const warm = Math.max(1, Math.round(warmupFraction * steps));
  if (step < warm) return (lr * (step + 1)) / warm;
  return lr * Math.max(0, (steps - step) / Math.max(1, steps - warm));
}
