// Few-shot prompts on the wire: one run (prompt, next tokens, label scores before and after
// calibration, continuation, attention to the parts) and a k-shot sweep on a labelled corpus, as
// the `fewshot.run` and `fewshot.sweep` jobs take, report and leave. Field names and defaults are
// the library's (src/fewshot: FewshotRequest, SweepOptions). Reference: src/fewshot/run.ts, sweep.ts.
import { z } from 'zod';
import { BACKEND_CHOICES } from './gpt.ts';
import { FEWSHOT_PRESETS } from '../fewshot/presets.ts';
import { CONTENT_FREE } from '../fewshot/calibration.ts';
import { MIXES, type Mix } from '../fewshot/draw.ts';

export { FEWSHOT_PRESETS, CONTENT_FREE };

/** A stored GPT run's id or name (the server resolves it; the CLI also takes folders). */
export const fewshotModelSchema = z.string().trim().min(1, 'name a model: a GPT run\'s id or name').max(200);

export const fewshotExampleSchema = z.object({ input: z.string().max(5_000), output: z.string().max(5_000) });
export const labelSpecSchema = z.object({ name: z.string().min(1).max(100), verbaliser: z.string().min(1, 'must not be empty').max(200) });

/** The prompt: instruction, template with {input} and {output}, examples, separator, query. */
export const fewshotPromptFields = {
  instruction: z.string().max(5_000).optional().describe('a task description put first'),
  template: z.string().min(1).max(2_000).describe('the template, with an {input} and an {output} slot'),
  separator: z.string().max(20).default('\n').describe('put after the instruction and after each example'),
  trimQuery: z.boolean().default(true).describe('move whitespace before {output} from the query into the answer'),
};

export const fewshotGenerateSchema = z.object({
  maxNewTokens: z.number().int().min(0).max(512).default(32),
  temperature: z.number().min(0).max(10).default(0),
  topK: z.number().int().min(0).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.number().int().default(0),
});

export const fewshotRunRequestSchema = z.object({
  model: fewshotModelSchema,
  ...fewshotPromptFields,
  examples: z.array(fewshotExampleSchema).max(256).default([]),
  query: z.string().max(5_000),
  labels: z.array(labelSpecSchema).max(50).optional(),
  topK: z.number().int().min(1).max(100).default(10).describe('next tokens to list'),
  generate: fewshotGenerateSchema.default({ maxNewTokens: 32, temperature: 0, seed: 0 }),
  calibrate: z.boolean().default(false).describe('also score the labels with contextual calibration (Zhao et al. 2021)'),
  contentFree: z.array(z.string().max(100)).min(1).max(10).optional(),
  attention: z.boolean().default(false).describe('also measure the attention of the last position to each part'),
  overflow: z.enum(['refuse', 'drop']).default('refuse').describe('when the prompt does not fit: refuse, or drop examples from the first on'),
  backend: z.enum(BACKEND_CHOICES).default('cpu'),
});
export type FewshotRunRequest = z.input<typeof fewshotRunRequestSchema>;
export type FewshotRunParams = z.infer<typeof fewshotRunRequestSchema>;

const partSchema = z.object({ name: z.string(), kind: z.string(), tokens: z.number(), start: z.number(), end: z.number() });

export const fewshotResultSchema = z.object({
  promptIds: z.array(z.number()),
  promptText: z.string(),
  /** Each prompt token's display label (the page colours them by part). */
  promptTokens: z.array(z.string()),
  parts: z.array(partSchema),
  contextLength: z.number(),
  dropped: z.array(z.number()),
  next: z.array(z.object({ id: z.number(), token: z.string(), p: z.number() })),
  labels: z.record(z.string(), z.object({ logprob: z.number(), p: z.number(), tokens: z.number(), calibratedP: z.number().optional() })).optional(),
  predicted: z.string().optional(),
  calibration: z
    .object({ bias: z.record(z.string(), z.number()), contentFree: z.array(z.string()), skipped: z.array(z.object({ input: z.string(), reason: z.string() })), predicted: z.string() })
    .optional(),
  continuation: z.string(),
  attention: z.object({ parts: z.array(partSchema), layers: z.number(), heads: z.number(), mass: z.array(z.array(z.array(z.number()))) }).optional(),
  /** Which model and backend answered. */
  model: z.string(),
  backend: z.string(),
});
export type FewshotRunResult = z.infer<typeof fewshotResultSchema>;

export const fewshotRunProgressSchema = z.object({ stage: z.enum(['loading', 'running']), backend: z.string().optional() });

export const MIX_CHOICES = MIXES as readonly [Mix, ...Mix[]];

export const fewshotSweepRequestSchema = z.object({
  model: fewshotModelSchema,
  instruction: fewshotPromptFields.instruction,
  template: fewshotPromptFields.template,
  separator: fewshotPromptFields.separator,
  trimQuery: fewshotPromptFields.trimQuery,
  /** A labelled corpus (`label<TAB>text` per line): stored id on the server, id, name or file in the CLI. */
  corpus: z.string().min(1).max(1_000),
  /** Label verbalisers (default: each label's own name). */
  labels: z.array(labelSpecSchema).min(2).max(50).optional(),
  queries: z.number().int().min(1).max(2_000).default(40).describe('held-out queries to classify'),
  poolSize: z.number().int().min(1).max(20_000).default(200).describe('examples drawn from the rest of the corpus into the pool'),
  textChars: z.number().int().min(1).max(5_000).default(100).describe('each text cut to its first line and at most this many characters'),
  ks: z.array(z.number().int().min(0).max(256)).min(1).max(20).optional().describe('numbers of examples (default 0, 1, 2, 4, 8 … as the pool allows)'),
  draws: z.number().int().min(1).max(50).default(5).describe('random draws of examples per k'),
  orders: z.number().int().min(1).max(20).default(1).describe('orders of each draw'),
  mixes: z.array(z.enum(MIX_CHOICES)).min(1).default(['balanced']),
  calibrate: z.boolean().default(true).describe('also score with contextual calibration'),
  seed: z.number().int().default(0),
  backend: z.enum(BACKEND_CHOICES).default('cpu'),
});
export type FewshotSweepRequest = z.input<typeof fewshotSweepRequestSchema>;
export type FewshotSweepParams = z.infer<typeof fewshotSweepRequestSchema>;

export const fewshotSweepProgressSchema = z.object({
  done: z.number(),
  total: z.number(),
  k: z.number(),
  mix: z.enum(MIX_CHOICES),
  draw: z.number(),
  order: z.number(),
});
export type FewshotSweepProgress = z.infer<typeof fewshotSweepProgressSchema>;

/** NaN (no runs) travels as null in JSON. */
const num = z.number().nullable();
const statSchema = z.object({ mean: num, std: num, min: num, max: num });
const scoredSchema = z.object({ predictions: z.array(z.number()), accuracy: z.number(), macroF1: z.number() });

export const fewshotSweepResultSchema = z.object({
  labels: z.array(z.string()),
  gold: z.array(z.number()),
  baselines: z.object({
    majority: z.object({ label: z.number(), accuracy: z.number(), macroF1: z.number() }),
    random: z.object({ accuracy: z.number(), macroF1: z.number() }),
  }),
  cells: z.array(
    z.object({
      k: z.number(),
      mix: z.enum(MIX_CHOICES),
      fits: z.boolean(),
      reason: z.string().optional(),
      runs: z.array(
        scoredSchema.extend({
          draw: z.number(),
          order: z.number(),
          examples: z.array(z.number()),
          calibrated: scoredSchema.extend({ bias: z.array(z.number()) }).optional(),
          calibrationError: z.string().optional(),
        }),
      ),
      accuracy: statSchema,
      macroF1: statSchema,
      calibrated: z.object({ accuracy: statSchema, macroF1: statSchema }).optional(),
      orderSpread: num,
    }),
  ),
  model: z.string(),
  backend: z.string(),
  /** The corpus's queries and pool sizes as used. */
  queries: z.number(),
  pool: z.number(),
});
export type FewshotSweepResult = z.infer<typeof fewshotSweepResultSchema>;

/** GET /api/fewshot/presets: the library's presets, the content-free inputs and the example mixes. */
export const fewshotPresetsResponse = () => ({ presets: FEWSHOT_PRESETS, contentFree: [...CONTENT_FREE], mixes: [...MIXES] });
export type FewshotPresetsResponse = ReturnType<typeof fewshotPresetsResponse>;
