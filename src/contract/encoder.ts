// Encoder classifier runs on the wire: the recipe (the library's EncoderTrainConfig, its defaults
// and presets), the progress event of an encoder session, the reports (ours and the tf-idf
// baseline's), run summaries and metric series, classify / fill-mask / attention. Bounds are the
// API's; the library checks the rest. Reference: src/training/encoder (config.ts, session.ts).
import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';
import { BACKEND_CHOICES } from './gpt.ts';
import { bertPresets, type BertPresetName } from '../models/bert/config.ts';
import { defaultEncoderTrainConfig, type EncoderTrainConfig } from '../training/encoder/config.ts';

export { bertPresets, defaultEncoderTrainConfig };
export type { EncoderTrainConfig };

export const BERT_PRESETS = ['bert-baby', 'bert-mini', 'bert-base'] as const satisfies readonly BertPresetName[];

/** Each field of an encoder recipe: bounds and a one-line description (CLI help, form labels). */
export const encoderFieldSchemas = {
  preset: z.enum(BERT_PRESETS).describe('model sizes: bert-baby (4×4×128, 128 positions), bert-mini (4×4×256, 512), bert-base (12×12×768, 512)'),
  tokenizerMode: z.enum(['byte', 'word']).describe('a new tokenizer: byte- or word-level BPE'),
  vocabSize: z.number().int().min(16).max(100_000).describe('tokens of a new tokenizer'),
  contextLength: z.number().int().min(8).max(512).describe('tokens per text, [CLS] and [SEP] included'),
  truncation: z.enum(['head', 'head+tail']).describe('which part of a long text is kept: head, or head+tail'),
  mlmSteps: z.number().int().min(0).max(1_000_000).describe('stage 1: masked-LM steps (0: no pretraining)'),
  mlmLr: z.number().positive().max(1).describe('stage 1: peak learning rate'),
  mlmBatchSize: z.number().int().min(1).max(1024).describe('stage 1: sequences per step'),
  maskFraction: z.number().gt(0).lt(1).describe("share of each sequence's tokens chosen for prediction"),
  steps: z.number().int().min(1).max(1_000_000).describe('stage 2: fine-tuning steps'),
  lr: z.number().positive().max(1).describe('stage 2: peak learning rate'),
  batchSize: z.number().int().min(1).max(1024).describe('stage 2: texts per step'),
  warmupFraction: z.number().min(0).lt(1).describe("share of each stage's steps of linear warmup"),
  weightDecay: z.number().min(0).max(10).describe('AdamW weight decay on matrices'),
  gradClip: z.number().min(0).describe('clip the global gradient norm (0: off)'),
  dropout: z.number().min(0).max(0.9).describe('dropout'),
  freezeLayers: z.number().int().min(0).max(48).describe('stage 2: embeddings and the first n blocks get no updates'),
  classWeights: z.enum(['none', 'balanced']).describe('weight each class by N / (K·n_k) in the loss'),
  evalEvery: z.number().int().min(1).describe('steps between evaluations'),
  patience: z.number().int().min(1).nullable().describe('stop stage 2 after this many evaluations without a better val macro-F1 (null: never)'),
  valFraction: z.number().gt(0).lt(1).describe('share of each class held out for validation'),
  testFraction: z.number().gt(0).lt(1).describe('share of each class held out for the test'),
  mlmEvalExamples: z.number().int().min(1).max(100_000).describe('validation texts for the held-out MLM loss'),
  seed: z.number().int().describe('random seed (fixes the split too)'),
} satisfies { [K in keyof EncoderTrainConfig]-?: z.ZodType<EncoderTrainConfig[K]> };

export const encoderTrainConfigSchema = z.object(encoderFieldSchemas);
/** A recipe in a request: any field may be left out; the library's default fills it. */
export const encoderTrainRequestSchema = encoderTrainConfigSchema.partial();
export type EncoderTrainRequest = z.infer<typeof encoderTrainRequestSchema>;

/** The whole recipe: the request over the library's defaults. */
export function resolveEncoderConfig(r: EncoderTrainRequest): EncoderTrainConfig {
  const given = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
  return { ...defaultEncoderTrainConfig, ...given } as EncoderTrainConfig;
}

/** `new` (learned on the training texts with BERT's specials) or a stored tokenizer's id. */
export const encoderTokenizerSpecSchema = z.string().min(1).max(64);

export const startEncoderRunRequestSchema = z.object({
  name: nameSchema,
  corpusId: idSchema,
  tokenizer: encoderTokenizerSpecSchema.default('new'),
  train: encoderTrainRequestSchema.default({}),
  /** Start stage 2 from this encoder run's weights (a fresh classifier; no stage 1). */
  from: idSchema.optional(),
  backend: z.enum(BACKEND_CHOICES).default('auto'),
});
export type StartEncoderRunRequest = z.input<typeof startEncoderRunRequestSchema>;

const classMetricsSchema = z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() });
export const misclassifiedSchema = z.object({ index: z.number(), label: z.string(), predicted: z.string(), probs: z.record(z.string(), z.number()), text: z.string() });
/** A model's scores on a split: accuracy, macro-F1, per class, confusion[true][predicted], errors. */
export const encoderReportSchema = z.object({
  accuracy: z.number(),
  macroF1: z.number(),
  perClass: z.array(classMetricsSchema),
  confusion: z.array(z.array(z.number())),
  misclassified: z.array(misclassifiedSchema),
});
export type EncoderReport = z.infer<typeof encoderReportSchema>;

const stageSchema = z.enum(['mlm', 'finetune']);
/**
 * The progress event of an encoder session: `start`, `baseline` (tf-idf on the same split),
 * `step` of either stage, `mlmEval` (stage 1: held-out MLM loss) and `eval` (stage 2: val macro-F1), `checkpoint`, and `result` (the best weights on the test set).
 */
export const encoderEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('start'), backend: z.string(), parameters: z.number(), labels: z.array(z.string()),
    split: z.object({ train: z.number(), val: z.number(), test: z.number() }), mlmSteps: z.number(), steps: z.number(), stage: z.enum(['mlm', 'finetune', 'done']),
  }),
  z.object({ kind: z.literal('baseline'), test: encoderReportSchema }),
  z.object({ kind: z.literal('step'), stage: stageSchema, step: z.number(), steps: z.number(), loss: z.number(), lr: z.number(), tokensPerSec: z.number(), msPerStep: z.number() }),
  z.object({ kind: z.literal('mlmEval'), step: z.number(), mlmLoss: z.number(), maskedAccuracy: z.number() }),
  z.object({ kind: z.literal('eval'), step: z.number(), valMacroF1: z.number(), valAccuracy: z.number(), improved: z.boolean(), bestValF1: z.number().nullable() }),
  z.object({ kind: z.literal('checkpoint'), stage: stageSchema, step: z.number() }),
  z.object({ kind: z.literal('result'), test: encoderReportSchema }),
]);
export type EncoderSessionEvent = z.infer<typeof encoderEventSchema>;

/** How an encoder session ended: its reports when it finished, null when stopped early. */
export const encoderResultSchema = z.object({
  stopped: z.boolean(),
  mlmStepsDone: z.number(),
  stepsDone: z.number(),
  test: encoderReportSchema.nullable(),
  baseline: encoderReportSchema.nullable(),
});
export type EncoderSessionResult = z.infer<typeof encoderResultSchema>;

export const encoderRunStatuses = ['running', 'stopped', 'interrupted', 'done', 'failed'] as const;
export type EncoderRunStatus = (typeof encoderRunStatuses)[number];

export const encoderRunSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  corpusId: z.string(),
  tokenizer: z.string(),
  from: z.string().nullable(),
  place: z.enum(['server', 'browser']),
  status: z.enum(encoderRunStatuses),
  train: encoderTrainConfigSchema,
  labels: z.array(z.string()),
  backend: z.string(),
  parameters: z.number(),
  mlmStepsDone: z.number(),
  stepsDone: z.number(),
  bestValF1: z.number().nullable(),
  testMacroF1: z.number().nullable(),
  testAccuracy: z.number().nullable(),
  baselineMacroF1: z.number().nullable(),
  baselineAccuracy: z.number().nullable(),
  jobId: z.string().nullable(),
  error: z.string().nullable(),
  resumable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EncoderRunSummary = z.infer<typeof encoderRunSummarySchema>;

/** One row of a run's series: a stage's training values every step, validation ones at evaluations. */
export const encoderMetricSchema = z.object({
  stage: stageSchema,
  step: z.number().int().min(0),
  loss: z.number().nullable().optional(),
  lr: z.number().nullable().optional(),
  tokensPerSec: z.number().nullable().optional(),
  mlmLoss: z.number().nullable().optional(),
  maskedAccuracy: z.number().nullable().optional(),
  valMacroF1: z.number().nullable().optional(),
  valAccuracy: z.number().nullable().optional(),
});
export type EncoderMetric = z.infer<typeof encoderMetricSchema>;

export const encoderRunListSchema = z.object({ runs: z.array(encoderRunSummarySchema) });
export const encoderRunDetailSchema = z.object({
  run: encoderRunSummarySchema,
  metrics: z.array(encoderMetricSchema),
  test: encoderReportSchema.nullable(),
  baseline: encoderReportSchema.nullable(),
});
export type EncoderRunDetail = z.infer<typeof encoderRunDetailSchema>;

/** GET /api/encoder/presets: the model presets and the default recipe, from the library. */
export const encoderPresetsResponse = () => ({ presets: bertPresets, train: defaultEncoderTrainConfig });

export const classifyRequestSchema = z.object({ text: z.string().min(1, 'type some text').max(20_000) });
export type ClassifyRequest = z.infer<typeof classifyRequestSchema>;
/** The class, every class's probability, the ids and tokens the model saw, and [CLS]'s attention: cls[layer][head][token]. */
export const classifyResponseSchema = z.object({
  label: z.string(),
  probs: z.record(z.string(), z.number()),
  ids: z.array(z.number()),
  tokens: z.array(z.string()),
  cls: z.array(z.array(z.array(z.number()))),
});
export type ClassifyResponse = z.infer<typeof classifyResponseSchema>;

export const fillMaskRequestSchema = z.object({ text: z.string().min(1).max(20_000), topK: z.number().int().min(1).max(50).default(5) });
export const fillMaskResponseSchema = z.object({
  masks: z.array(z.object({ position: z.number(), top: z.array(z.object({ id: z.number(), token: z.string(), prob: z.number() })) })),
});
export type FillMaskResponse = z.infer<typeof fillMaskResponseSchema>;
