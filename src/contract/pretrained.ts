// The pretrained feature's contract: an added Hugging Face folder's summary (family, config,
// parameters, files, ONNX graph), the add / pull / compare requests and the compare result.
// Pure (zod only). Leaves out the weights themselves. Reference: src/pretrained/load.ts.
import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';
import { BACKEND_CHOICES } from './gpt.ts';

export const PRETRAINED_FAMILIES = ['gpt2', 'llama', 'bert'] as const;

export const pretrainedConfigSummarySchema = z.object({
  architecture: z.string(),
  layers: z.number().int(),
  heads: z.number().int(),
  hidden: z.number().int(),
  vocabSize: z.number().int(),
  contextLength: z.number().int(),
});
export type PretrainedConfigSummary = z.infer<typeof pretrainedConfigSummarySchema>;

export const pretrainedFileSchema = z.object({ name: z.string(), bytes: z.number().int() });

export const pretrainedSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  family: z.enum(PRETRAINED_FAMILIES),
  config: pretrainedConfigSummarySchema,
  parameters: z.number().int(),
  files: z.array(pretrainedFileSchema),
  hasOnnx: z.boolean(),
  /** Where it came from: `folder <path>` (CLI), `upload`, or `hub <repo>@<revision>`. */
  source: z.string(),
  createdAt: z.string(),
});
export type PretrainedSummary = z.infer<typeof pretrainedSummarySchema>;
export const pretrainedListSchema = z.object({ models: z.array(pretrainedSummarySchema) });

/** Hub repository ids: `owner/name` or a bare `name` (gpt2, distilgpt2). */
export const hubIdSchema = z.string().regex(/^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/, 'not a hub repository id (owner/name)').refine((s) => !s.includes('..'), 'must not contain ".."');
export const revisionSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'not a revision (branch, tag or commit)');

/** Files from the browser's folder picker, as base64, named relative to the folder. */
export const addPretrainedRequestSchema = z.object({
  name: nameSchema,
  files: z.record(z.string().min(1).max(200), z.string()).refine((f) => Object.keys(f).length > 0, 'must hold at least one file'),
});
export type AddPretrainedRequest = z.infer<typeof addPretrainedRequestSchema>;

export const pullPretrainedRequestSchema = z.object({
  repo: hubIdSchema,
  revision: revisionSchema.default('main'),
  name: nameSchema.optional(),
  onnx: z.boolean().default(false),
});
export type PullPretrainedRequest = z.input<typeof pullPretrainedRequestSchema>;

export const pullProgressSchema = z.object({ file: z.string(), bytes: z.number(), total: z.number().nullable() });
export type PullProgress = z.infer<typeof pullProgressSchema>;

/** One model of a comparison: a saved GPT run or an added pretrained model, by id or name. */
export const compareModelSpecSchema = z.string().min(1).max(200);

export const compareRequestSchema = z.object({
  text: z.string().min(1, 'type some text').max(4000),
  models: z.array(compareModelSpecSchema).min(2, 'pick at least two models').max(4, 'at most four models'),
  /** The token position (in each model's tokens, clamped) whose next-token top-k is reported; default the last. */
  position: z.number().int().min(0).optional(),
  topK: z.number().int().min(1).max(50).default(10),
  prompt: z.string().max(2000).default(''),
  maxNewTokens: z.number().int().min(0).max(200).default(40),
  temperature: z.number().min(0).max(10).default(0),
  sampleTopK: z.number().int().min(0).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.number().int().default(0),
  attention: z.boolean().default(true),
  backend: z.enum(BACKEND_CHOICES).default('cpu'),
});
export type CompareRequest = z.input<typeof compareRequestSchema>;

export const compareModelResultSchema = z.object({
  spec: z.string(),
  label: z.string(),
  family: z.string(),
  /** Which engine ran it (our engine and its backend). */
  runtime: z.string(),
  tokens: z.array(z.object({ id: z.number().int(), text: z.string(), start: z.number().int(), end: z.number().int() })),
  /** −log2 p of each token given the ones before; null for the first (nothing predicts it). */
  surprise: z.array(z.number().nullable()),
  perplexity: z.number().nullable(),
  bitsPerByte: z.number().nullable(),
  position: z.number().int(),
  topK: z.array(z.object({ id: z.number().int(), text: z.string(), p: z.number() })),
  generation: z.object({ text: z.string(), ids: z.array(z.number().int()) }),
  /** The first tokens' maps (with <s> when the model puts it first): maps[layer][head] is T × T row-major. */
  attention: z.object({ tokens: z.array(z.string()), layers: z.number().int(), heads: z.number().int(), maps: z.array(z.array(z.array(z.number()))) }).nullable(),
  /** transformers.js on the model's ONNX graph, same ids: the largest |Δ logit|; null without a graph. */
  parity: z.object({ runtime: z.string(), maxAbsDiff: z.number() }).nullable(),
});
export type CompareModelResult = z.infer<typeof compareModelResultSchema>;
export const compareResultSchema = z.object({ text: z.string(), bytes: z.number().int(), models: z.array(compareModelResultSchema) });
export type CompareResult = z.infer<typeof compareResultSchema>;
