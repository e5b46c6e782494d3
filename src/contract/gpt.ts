// GPT runs on the wire: starting one on the server, its summary and metric series, sampling,
// attention maps, and importing a run trained in the browser. Configurations and the progress
// event are in training.ts. Reference: server/features/gpt (routes), src/training/gpt-run.ts.
import { z } from 'zod';
import { base64Schema, idSchema, nameSchema } from './common.ts';
import { gptConfigSchema, gptModelRequestSchema, gptPresets, gptTrainConfigSchema, gptTrainRequestSchema, defaultTrainConfig } from './training.ts';

/** Where a GPT trains on the server: `auto` takes WebGPU on a real GPU, else wasm. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** `char` (a character vocabulary from the corpus), `gpt2`, or a stored tokenizer's id. */
export const tokenizerSpecSchema = z.string().min(1).max(64);

export const startGptRunRequestSchema = z.object({
  name: nameSchema,
  corpusId: idSchema,
  tokenizer: tokenizerSpecSchema.default('char'),
  model: gptModelRequestSchema.default({ preset: 'baby' }),
  train: gptTrainRequestSchema.default({}),
  backend: z.enum(BACKEND_CHOICES).default('auto'),
});
export type StartGptRunRequest = z.input<typeof startGptRunRequestSchema>;

export const gptRunStatuses = ['running', 'stopped', 'interrupted', 'done', 'failed'] as const;
export type GptRunStatus = (typeof gptRunStatuses)[number];

export const gptRunSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  corpusId: z.string(),
  tokenizer: z.string(),
  place: z.enum(['server', 'browser']),
  status: z.enum(gptRunStatuses),
  model: gptConfigSchema,
  train: gptTrainConfigSchema,
  backend: z.string(),
  parameters: z.number(),
  stepsDone: z.number(),
  bestValLoss: z.number().nullable(),
  /** The job that trains (or last trained) it: stop and resume go through /api/jobs/<jobId>. */
  jobId: z.string().nullable(),
  error: z.string().nullable(),
  /** Whether a checkpoint exists to resume from (server runs). */
  resumable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GptRunSummary = z.infer<typeof gptRunSummarySchema>;

/** One row of a run's metric series: training values every step, validation ones at evaluations. */
export const gptMetricSchema = z.object({
  step: z.number().int().min(0),
  loss: z.number().nullable().optional(),
  lr: z.number().nullable().optional(),
  tokensPerSec: z.number().nullable().optional(),
  msPerStep: z.number().nullable().optional(),
  valLoss: z.number().nullable().optional(),
  bitsPerByte: z.number().nullable().optional(),
  sample: z.string().max(20_000).nullable().optional(),
});
export type GptMetric = z.infer<typeof gptMetricSchema>;

export const gptRunListSchema = z.object({ runs: z.array(gptRunSummarySchema) });
export const gptRunDetailSchema = z.object({ run: gptRunSummarySchema, metrics: z.array(gptMetricSchema) });
export type GptRunDetail = z.infer<typeof gptRunDetailSchema>;

/** GET /api/gpt/presets: the model presets and the default recipe, straight from the library. */
export const gptPresetsResponse = () => ({ presets: gptPresets, train: defaultTrainConfig });
export type GptPresetsResponse = ReturnType<typeof gptPresetsResponse>;

export const sampleRequestSchema = z.object({
  prompt: z.string().max(10_000).default(''),
  maxNewTokens: z.number().int().min(0).max(2000).default(200),
  temperature: z.number().min(0).max(10).default(0.8),
  topK: z.number().int().min(0).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.number().int().default(0),
});
export type SampleRequest = z.input<typeof sampleRequestSchema>;
export const sampleResponseSchema = z.object({ text: z.string(), ids: z.array(z.number()) });
export type SampleResponse = z.infer<typeof sampleResponseSchema>;

export const attentionRequestSchema = z.object({ text: z.string().min(1, 'type some text').max(10_000) });
export type AttentionRequest = z.infer<typeof attentionRequestSchema>;
/** maps[layer][head]: T × T row-major probabilities; `step`: the run's steps when they were taken. */
export const attentionResponseSchema = z.object({
  tokens: z.array(z.string()),
  layers: z.number(),
  heads: z.number(),
  maps: z.array(z.array(z.array(z.number()))),
  step: z.number().optional(),
});
export type AttentionResponse = z.infer<typeof attentionResponseSchema>;

/** A GPT-2 folder trained in the browser, files as base64, with the recipe and metric series. */
export const importGptRunRequestSchema = z.object({
  name: nameSchema,
  corpusId: idSchema,
  tokenizer: tokenizerSpecSchema,
  backend: z.string().max(200),
  train: gptTrainRequestSchema,
  metrics: z.array(gptMetricSchema).max(1_000_000),
  files: z.object({ 'config.json': base64Schema, 'model.safetensors': base64Schema, 'tokenizer.json': base64Schema }),
});
export type ImportGptRunRequest = z.input<typeof importGptRunRequestSchema>;
export const importGptRunResponseSchema = z.object({ run: gptRunSummarySchema });
