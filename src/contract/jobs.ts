// Jobs on the wire: one record for every kind of long work (params, progress and result typed
// per kind), the one start answer, the Server-Sent Events that follow a job, and what stop and
// resume answer. New kinds (encoder, pretrained, few-shot) add an entry to `jobKindSchemas`.
// Reference: server/jobs (the runner), server/features/*/job.ts (the definitions).
import { z } from 'zod';
import { idSchema } from './common.ts';
import { tokenizerProgressSchema, tokenizerSummarySchema, trainTokenizerRequestSchema } from './tokenizers.ts';
import { trainingEventSchema, trainingResultSchema } from './training.ts';
import { BACKEND_CHOICES } from './gpt.ts';
import { vectorsSummarySchema, word2vecConfigSchema, word2vecProgressSchema } from './word2vec.ts';
import { encoderEventSchema, encoderResultSchema } from './encoder.ts';
import { fewshotResultSchema, fewshotRunProgressSchema, fewshotRunRequestSchema, fewshotSweepProgressSchema, fewshotSweepRequestSchema, fewshotSweepResultSchema } from './fewshot.ts';

/** `cancelled`: terminated before it could finish; a graceful stop ends `done` with its result. */
export const jobStatuses = ['running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** For each kind: what it was started with, what it reports, what it leaves. */
export const jobKindSchemas = {
  'tokenizer.train': {
    params: trainTokenizerRequestSchema,
    progress: tokenizerProgressSchema,
    result: z.object({ tokenizer: tokenizerSummarySchema }),
  },
  'word2vec.train': {
    params: z.object({ vectorsId: z.string(), name: z.string(), corpusId: z.string(), config: word2vecConfigSchema, threads: z.number().int() }),
    progress: word2vecProgressSchema,
    result: z.object({ vectors: vectorsSummarySchema }),
  },
  'gpt.train': {
    params: z.object({ runId: z.string(), resume: z.boolean(), backend: z.enum(BACKEND_CHOICES) }),
    progress: trainingEventSchema,
    result: trainingResultSchema,
  },
  'encoder.train': {
    params: z.object({ runId: z.string(), resume: z.boolean(), backend: z.enum(BACKEND_CHOICES) }),
    progress: encoderEventSchema,
    result: encoderResultSchema,
  },
  'fewshot.run': { params: fewshotRunRequestSchema, progress: fewshotRunProgressSchema, result: fewshotResultSchema },
  'fewshot.sweep': { params: fewshotSweepRequestSchema, progress: fewshotSweepProgressSchema, result: fewshotSweepResultSchema },
} as const;

export type JobKindName = keyof typeof jobKindSchemas;
export const JOB_KINDS = Object.keys(jobKindSchemas) as JobKindName[];
export type JobParams<K extends JobKindName> = z.infer<(typeof jobKindSchemas)[K]['params']>;
export type JobProgress<K extends JobKindName> = z.infer<(typeof jobKindSchemas)[K]['progress']>;
export type JobResult<K extends JobKindName> = z.infer<(typeof jobKindSchemas)[K]['result']>;

const jobBase = {
  id: z.string(),
  status: z.enum(jobStatuses),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
};

const tokenizerJobSchema = z.object({ ...jobBase, kind: z.literal('tokenizer.train'), params: jobKindSchemas['tokenizer.train'].params, progress: jobKindSchemas['tokenizer.train'].progress.nullable(), result: jobKindSchemas['tokenizer.train'].result.nullable() });
const word2vecJobSchema = z.object({ ...jobBase, kind: z.literal('word2vec.train'), params: jobKindSchemas['word2vec.train'].params, progress: jobKindSchemas['word2vec.train'].progress.nullable(), result: jobKindSchemas['word2vec.train'].result.nullable() });
const gptJobSchema = z.object({ ...jobBase, kind: z.literal('gpt.train'), params: jobKindSchemas['gpt.train'].params, progress: jobKindSchemas['gpt.train'].progress.nullable(), result: jobKindSchemas['gpt.train'].result.nullable() });
const encoderJobSchema = z.object({ ...jobBase, kind: z.literal('encoder.train'), params: jobKindSchemas['encoder.train'].params, progress: jobKindSchemas['encoder.train'].progress.nullable(), result: jobKindSchemas['encoder.train'].result.nullable() });

const fewshotRunJobSchema = z.object({ ...jobBase, kind: z.literal('fewshot.run'), params: jobKindSchemas['fewshot.run'].params, progress: jobKindSchemas['fewshot.run'].progress.nullable(), result: jobKindSchemas['fewshot.run'].result.nullable() });
const fewshotSweepJobSchema = z.object({ ...jobBase, kind: z.literal('fewshot.sweep'), params: jobKindSchemas['fewshot.sweep'].params, progress: jobKindSchemas['fewshot.sweep'].progress.nullable(), result: jobKindSchemas['fewshot.sweep'].result.nullable() });

/** A job of a known kind, typed by its kind. */
export const jobSchema = z.discriminatedUnion('kind', [tokenizerJobSchema, word2vecJobSchema, gptJobSchema, encoderJobSchema, fewshotRunJobSchema, fewshotSweepJobSchema]);
export type Job = z.infer<typeof jobSchema>;
export type JobOf<K extends JobKindName> = Extract<Job, { kind: K }>;

/** Any job record, whatever its kind (the runner also runs kinds tests add). */
export const anyJobSchema = z.object({ ...jobBase, kind: z.string(), params: z.unknown(), progress: z.unknown(), result: z.unknown() });
export type AnyJob = z.infer<typeof anyJobSchema>;

/** What every POST that starts (or resumes) a job answers, with status 202. */
export const startResponseSchema = z.object({ job: jobSchema });
export type StartResponse = z.infer<typeof startResponseSchema>;

export const jobListSchema = z.object({ jobs: z.array(jobSchema) });
export const jobListQuerySchema = z.object({ kind: z.enum(JOB_KINDS as [JobKindName, ...JobKindName[]]).optional() });
export const jobIdSchema = idSchema;

/**
 * The events of GET /api/jobs/<id>/events: `state` (the job as it is now) first; then
 * `progress` at most ~10 times a second, carrying the latest report and every report since
 * the previous event, in order; then one of `done`, `failed`, `cancelled`.
 */
export const jobStreamEventSchemas = {
  state: anyJobSchema,
  progress: z.object({ progress: z.unknown(), events: z.array(z.unknown()) }),
  done: z.object({ result: z.unknown() }),
  failed: z.object({ error: z.string() }),
  cancelled: z.object({}),
} as const;
export type JobStreamEventName = keyof typeof jobStreamEventSchemas;
export type JobProgressMessage<K extends JobKindName> = { progress: JobProgress<K>; events: JobProgress<K>[] };
