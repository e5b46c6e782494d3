// The training recipe of a GPT run with documented defaults (nanoGPT-like for small models:
// AdamW lr 1e-3 β=(0.9, 0.95), warmup then cosine to a tenth, weight decay 0.1 on matrices,
// clip 1.0), the one rule that fills a partial recipe, its checks (each error names the field),
// and the learning rate at a step. Optimizers: SGD, SGD with momentum, Adam, AdamW.
import { exponentialDecay, stepDecay, warmupCosine, type Schedule } from '../optim/schedule.ts';

/** The optimizers a recipe can name: plain SGD, SGD with (heavy-ball) momentum, Adam, AdamW. */
export const OPTIMIZERS = ['sgd', 'sgd-momentum', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const SCHEDULES = ['cosine', 'constant', 'step', 'exponential'] as const;

/** A recipe that cannot train; the message names the field. */
export class TrainConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainConfigError';
  }
}

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
  schedule: (typeof SCHEDULES)[number];
  /** 'step': multiply by decayFactor every decayEvery steps; 'exponential': by decayFactor each step. */
  decayEvery: number;
  decayFactor: number;
  optimizer: OptimizerName;
  /** SGD with momentum: the velocity's decay (PyTorch's `momentum`). */
  momentum: number;
  /** Adam/AdamW: decay of the first moment. */
  beta1: number;
  /** Adam/AdamW: decay of the second moment (0.95 as nanoGPT for GPT-2; PyTorch's default is 0.999). */
  beta2: number;
  /** Adam/AdamW: added to √v̂ in the denominator. */
  eps: number;
  /** Decoupled (AdamW) or L2 (SGD, Adam) weight decay, on matrices only. */
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
  decayEvery: 500, decayFactor: 0.5, optimizer: 'adamw', momentum: 0.9, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1, evalEvery: 200, evalBatches: 8,
  valFraction: 0.1, patience: null, seed: 1337, sampleTokens: 100,
};

/**
 * The recipe from a partial one: defaults for what is not given, except two that follow other
 * fields — minLr is lr / 10 and warmupSteps at most `steps` when not given. Checked.
 */
export function resolveTrainConfig(given: Partial<GptTrainConfig>): GptTrainConfig {
  const set = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<GptTrainConfig>;
  const c = { ...defaultTrainConfig, ...set };
  if (set.minLr === undefined) c.minLr = c.lr / 10;
  if (set.warmupSteps === undefined && Number.isInteger(c.steps)) c.warmupSteps = Math.min(c.warmupSteps, c.steps);
  return checkTrainConfig(c);
}

const INT_FIELDS = ['steps', 'batchSize', 'gradAccum', 'evalEvery', 'evalBatches'] as const;
const fail = (message: string): never => {
  throw new TrainConfigError(message);
};

export function checkTrainConfig(c: GptTrainConfig): GptTrainConfig {
  for (const f of INT_FIELDS) if (!(Number.isInteger(c[f]) && c[f] > 0)) fail(`${f} must be a positive integer, got ${String(c[f])}`);
  for (const f of ['warmupSteps', 'sampleTokens', 'decayEvery'] as const) if (!(Number.isInteger(c[f]) && c[f] >= 0)) fail(`${f} must be a whole number ≥ 0, got ${String(c[f])}`);
  if (!(c.lr > 0 && Number.isFinite(c.lr))) fail(`lr must be > 0, got ${c.lr}`);
  if (!(c.minLr >= 0 && c.minLr <= c.lr)) fail(`minLr must be in [0, lr], got ${c.minLr}`);
  if (!SCHEDULES.includes(c.schedule)) fail(`schedule must be ${SCHEDULES.join(', ')}, got ${String(c.schedule)}`);
  if (!(c.decayFactor > 0 && c.decayFactor <= 1)) fail(`decayFactor must be in (0, 1], got ${c.decayFactor}`);
  if (!OPTIMIZERS.includes(c.optimizer)) fail(`optimizer must be ${OPTIMIZERS.join(', ')}, got ${String(c.optimizer)}`);
  if (!(c.momentum >= 0 && c.momentum < 1)) fail(`momentum must be in [0, 1), got ${c.momentum}`);
  for (const f of ['beta1', 'beta2'] as const) if (!(c[f] >= 0 && c[f] < 1)) fail(`${f} must be in [0, 1), got ${c[f]}`);
  if (!(c.eps > 0 && Number.isFinite(c.eps))) fail(`eps must be > 0, got ${c.eps}`);
  if (!(c.weightDecay >= 0)) fail(`weightDecay must be ≥ 0, got ${c.weightDecay}`);
  if (!(c.gradClip >= 0)) fail(`gradClip must be ≥ 0, got ${c.gradClip}`);
  if (!(c.valFraction > 0 && c.valFraction < 1)) fail(`valFraction must be in (0, 1), got ${c.valFraction}`);
  if (c.patience !== null && !(Number.isInteger(c.patience) && c.patience > 0)) fail(`patience must be a positive integer or null, got ${String(c.patience)}`);
  if (!Number.isInteger(c.seed)) fail(`seed must be an integer, got ${String(c.seed)}`);
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
