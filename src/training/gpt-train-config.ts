// The training recipe of a GPT run with documented defaults (nanoGPT-like for small models:
// AdamW lr 1e-3, warmup then cosine to a tenth, weight decay 0.1 on matrices, clip 1.0), its
// checks (each error names the field), and the learning rate at a step.
import { exponentialDecay, stepDecay, warmupCosine, type Schedule } from '../optim/schedule.ts';

export interface GptTrainConfig {
  /** Optimizer steps to take. */
  steps: number;
  /** Sequences per micro-batch. */
  batchSize: number;
  /** Micro-batches whose gradients are summed before each step. */
  gradAccum: number;
  lr: number;
  /** The floor of cosine decay. */
  minLr: number;
  /** Steps of linear warmup from 0 (every schedule). */
  warmupSteps: number;
  schedule: 'cosine' | 'constant' | 'step' | 'exponential';
  /** 'step': multiply by decayFactor every decayEvery steps; 'exponential': by decayFactor each step. */
  decayEvery: number;
  decayFactor: number;
  weightDecay: number;
  /** Clip the global gradient norm to this (0: no clipping). */
  gradClip: number;
  evalEvery: number;
  /** Validation batches per evaluation. */
  evalBatches: number;
  valFraction: number;
  /** Stop after this many evaluations without a new best validation loss (null: never). */
  patience: number | null;
  seed: number;
  /** Length of the sample generated at each evaluation. */
  sampleTokens: number;
}

export const defaultTrainConfig: GptTrainConfig = {
  steps: 2000, batchSize: 12, gradAccum: 1, lr: 1e-3, minLr: 1e-4, warmupSteps: 100, schedule: 'cosine',
  decayEvery: 500, decayFactor: 0.5, weightDecay: 0.1, gradClip: 1, evalEvery: 200, evalBatches: 8,
  valFraction: 0.1, patience: null, seed: 1337, sampleTokens: 100,
};

const INT_FIELDS = ['steps', 'batchSize', 'gradAccum', 'evalEvery', 'evalBatches'] as const;

export function checkTrainConfig(c: GptTrainConfig): GptTrainConfig {
  for (const f of INT_FIELDS) if (!(Number.isInteger(c[f]) && c[f] > 0)) throw new Error(`${f} must be a positive integer, got ${String(c[f])}`);
  for (const f of ['warmupSteps', 'sampleTokens', 'decayEvery'] as const) if (!(Number.isInteger(c[f]) && c[f] >= 0)) throw new Error(`${f} must be a whole number ≥ 0, got ${String(c[f])}`);
  if (!(c.lr > 0 && Number.isFinite(c.lr))) throw new Error(`lr must be > 0, got ${c.lr}`);
  if (!(c.minLr >= 0 && c.minLr <= c.lr)) throw new Error(`minLr must be in [0, lr], got ${c.minLr}`);
  if (!['cosine', 'constant', 'step', 'exponential'].includes(c.schedule)) throw new Error(`schedule must be cosine, constant, step or exponential, got ${String(c.schedule)}`);
  if (!(c.decayFactor > 0 && c.decayFactor <= 1)) throw new Error(`decayFactor must be in (0, 1], got ${c.decayFactor}`);
  if (!(c.weightDecay >= 0)) throw new Error(`weightDecay must be ≥ 0, got ${c.weightDecay}`);
  if (!(c.gradClip >= 0)) throw new Error(`gradClip must be ≥ 0, got ${c.gradClip}`);
  if (!(c.valFraction > 0 && c.valFraction < 1)) throw new Error(`valFraction must be in (0, 1), got ${c.valFraction}`);
  if (c.patience !== null && !(Number.isInteger(c.patience) && c.patience > 0)) throw new Error(`patience must be a positive integer or null, got ${String(c.patience)}`);
  if (!Number.isInteger(c.seed)) throw new Error(`seed must be an integer, got ${String(c.seed)}`);
  return c;
}

function schedule(c: GptTrainConfig): Schedule {
  switch (c.schedule) {
    case 'cosine':
      return warmupCosine(c.lr, c.warmupSteps, c.steps, c.minLr);
    case 'constant':
      return () => c.lr;
    case 'step':
      return stepDecay(c.lr, Math.max(1, c.decayEvery), c.decayFactor);
    case 'exponential':
      return exponentialDecay(c.lr, c.decayFactor);
  }
}

/** The learning rate for (0-based) step `step`: linear warmup, then the schedule. */
export function learningRate(c: GptTrainConfig, step: number): number {
  if (c.schedule !== 'cosine' && step < c.warmupSteps) return (c.lr * (step + 1)) / c.warmupSteps;
  return schedule(c)(step);
}
