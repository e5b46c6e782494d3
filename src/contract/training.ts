// The GPT's model and training configurations on the wire, built on the library's own types and
// defaults (src/models/gpt/config.ts presets, src/training/gpt-train-config.ts), and the one
// training progress event that the session emits and the worker, the server's SSE and the CLI
// all pass on. Bounds here are the API's (what a request may ask); the library checks the rest.
import { z } from 'zod';
import { gptPresets, presetConfig, type GptConfig, type GptPresetName } from '../models/gpt/config.ts';
import { defaultTrainConfig, OPTIMIZERS, SCHEDULES, type GptTrainConfig } from '../training/gpt-train-config.ts';

export { defaultTrainConfig, gptPresets, OPTIMIZERS, SCHEDULES };
export type { GptConfig, GptPresetName, GptTrainConfig };

export const GPT_PRESETS = ['baby', 'small', 'gpt2'] as const satisfies readonly GptPresetName[];

/** Each field of a training recipe: bounds and a one-line description (CLI help, form labels). */
export const trainFieldSchemas = {
  steps: z.number().int().min(1).max(1_000_000).describe('optimizer steps'),
  batchSize: z.number().int().min(1).max(1024).describe('sequences per micro-batch'),
  gradAccum: z.number().int().min(1).max(256).describe('micro-batches summed per step'),
  lr: z.number().positive().max(1).describe('peak learning rate'),
  minLr: z.number().min(0).max(1).describe('floor of cosine decay (default: lr / 10)'),
  warmupSteps: z.number().int().min(0).describe('steps of linear warmup (when not given, capped at steps)'),
  schedule: z.enum(SCHEDULES).describe(`learning-rate schedule: ${SCHEDULES.join(', ')}`),
  decayEvery: z.number().int().min(1).describe("'step' schedule: steps between decays"),
  decayFactor: z.number().positive().max(1).describe("'step'/'exponential' schedule: the factor"),
  optimizer: z.enum(OPTIMIZERS).describe(`optimizer: ${OPTIMIZERS.join(', ')}`),
  momentum: z.number().min(0).lt(1).describe('sgd-momentum: velocity decay'),
  beta1: z.number().min(0).lt(1).describe('Adam/AdamW: first-moment decay β1'),
  beta2: z.number().min(0).lt(1).describe('Adam/AdamW: second-moment decay β2'),
  eps: z.number().positive().max(1).describe('Adam/AdamW: ε in the denominator'),
  weightDecay: z.number().min(0).max(10).describe('weight decay on matrices (AdamW: decoupled; SGD, Adam: L2)'),
  gradClip: z.number().min(0).describe('clip the global gradient norm (0: off)'),
  evalEvery: z.number().int().min(1).describe('steps between evaluations'),
  evalBatches: z.number().int().min(1).max(1000).describe('validation batches per evaluation'),
  valFraction: z.number().gt(0).lt(1).describe('share of the tokens held out for validation'),
  patience: z.number().int().min(1).nullable().describe('stop after this many evaluations without a new best (null or none: never)'),
  seed: z.number().int().describe('random seed'),
  sampleTokens: z.number().int().min(0).max(2000).describe('length of the sample at each evaluation'),
} satisfies { [K in keyof GptTrainConfig]-?: z.ZodType<GptTrainConfig[K]> };

/** A whole recipe (what a run stores and reports). */
export const gptTrainConfigSchema = z.object(trainFieldSchemas);
/** A recipe in a request: any field may be left out; resolveTrainConfig fills it. */
export const gptTrainRequestSchema = gptTrainConfigSchema.partial();
export type GptTrainRequest = z.infer<typeof gptTrainRequestSchema>;

/** Each field of a model config that a request may set over its preset. */
export const modelFieldSchemas = {
  nLayer: z.number().int().min(1).max(48).describe('layers'),
  nHead: z.number().int().min(1).max(64).describe('attention heads'),
  nEmbd: z.number().int().min(1).max(4096).describe('width of the residual stream (divisible by heads)'),
  contextLength: z.number().int().min(2).max(2048).describe('longest sequence'),
  dropout: z.number().min(0).max(0.9).describe('dropout'),
  lnPlacement: z.enum(['pre', 'post']).describe('layer-norm placement: pre (GPT-2) or post (original Transformer)'),
  positions: z.enum(['learned', 'sinusoidal']).describe('position encoding: learned or sinusoidal'),
  bias: z.boolean().describe('biases in the linear layers'),
  activation: z.enum(['gelu', 'gelu_new']).describe("GELU: exact (gelu) or GPT-2's tanh approximation (gelu_new)"),
  layerNormEpsilon: z.number().positive().max(1).describe('layer norm ε'),
} satisfies { [K in Exclude<keyof GptConfig, 'vocabSize'>]-?: z.ZodType<GptConfig[K]> };

/** A preset plus overrides; the vocabulary comes from the tokenizer. */
export const gptModelRequestSchema = z.object({ preset: z.enum(GPT_PRESETS).default('baby'), ...z.object(modelFieldSchemas).partial().shape });
export type GptModelRequest = z.input<typeof gptModelRequestSchema>;

/** The model a request asks for: its preset, the fields it gives over it, the tokenizer's vocabulary; checked (GptConfigError names the field). One rule for the server, the CLI and the browser. */
export function resolveModelRequest(m: GptModelRequest, vocabSize: number): GptConfig {
  const { preset = 'baby', ...overrides } = m;
  return presetConfig(preset, vocabSize, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<GptConfig>);
}

export const gptConfigSchema = z.object({ vocabSize: z.number().int().min(1), ...modelFieldSchemas });

/**
 * The one progress event of a GPT training session: `start` once, `step` after every optimizer
 * step, `eval` after each evaluation, `checkpoint` when the session saved. The browser worker
 * posts these, a server job streams them over SSE, the CLI prints them.
 */
export const trainingEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start'), backend: z.string(), parameters: z.number(), stepsDone: z.number(), steps: z.number(), vocabSize: z.number() }),
  z.object({ kind: z.literal('step'), step: z.number(), steps: z.number(), loss: z.number(), lr: z.number(), tokensPerSec: z.number(), msPerStep: z.number() }),
  z.object({
    kind: z.literal('eval'), step: z.number(), valLoss: z.number(), perplexity: z.number(), bitsPerByte: z.number(),
    improved: z.boolean(), sample: z.string(), bestValLoss: z.number().nullable(),
  }),
  z.object({ kind: z.literal('checkpoint'), step: z.number() }),
]);
export type TrainingEvent = z.infer<typeof trainingEventSchema>;

/** How a training session ended. */
export const trainingResultSchema = z.object({ stepsDone: z.number(), bestValLoss: z.number().nullable(), stopped: z.boolean() });
export type TrainingResult = z.infer<typeof trainingResultSchema>;
