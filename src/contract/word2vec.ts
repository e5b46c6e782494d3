// Word vectors on the wire: the training request (word2vec's own defaults), its progress and
// the stored set's summary, queries (neighbours, analogies, the most frequent words with a 2-D
// projection) and importing a set trained in the browser. Reference: src/models/word2vec.
import { z } from 'zod';
import { base64Schema, idSchema, nameSchema } from './common.ts';
import { defaultWord2VecConfig, type Word2VecConfig } from '../models/word2vec/index.ts';

export { defaultWord2VecConfig };
export type { Word2VecConfig };

/** Each setting of a word2vec training: bounds and a one-line description (CLI help, form labels). */
export const word2vecFieldSchemas = {
  arch: z.enum(['sg', 'cbow']).describe('skip-gram (sg) or CBOW'),
  loss: z.enum(['ns', 'hs']).describe('negative sampling (ns) or hierarchical softmax (hs)'),
  dim: z.number().int().min(1).max(1000).describe('vector size'),
  window: z.number().int().min(1).max(50).describe('largest context distance'),
  negative: z.number().int().min(1).max(50).describe('noise words per prediction'),
  minCount: z.number().int().min(1).describe('drop rarer words'),
  sample: z.number().min(0).lt(1).describe('subsampling threshold (0: off)'),
  alpha: z.number().positive().max(1).describe('starting learning rate (default 0.025 sg, 0.05 cbow)'),
  minAlpha: z.number().min(0).max(1).describe('floor of the linear decay (default alpha × 1e-4)'),
  epochs: z.number().int().min(1).max(100).describe('passes over the corpus'),
  cbowMean: z.boolean().describe('CBOW: average the context vectors (else sum them)'),
  seed: z.number().int().describe('random seed'),
  lowercase: z.boolean().describe('fold words to lower case before counting'),
  punctuation: z.enum(['drop', 'split', 'keep']).describe('punctuation glued to words: drop it, split it off as a token, or keep it ("money." ≠ "money")'),
  foldNumbers: z.boolean().describe('every digit becomes 0 (1961 and 1962 are one word)'),
} satisfies { [K in keyof Word2VecConfig]-?: z.ZodType<NonNullable<Word2VecConfig[K]>> };

/** A whole or partial word2vec config; the library's defaults fill what is left out. */
export const word2vecConfigSchema = z.object(word2vecFieldSchemas).partial();
export type Word2VecConfigRequest = z.infer<typeof word2vecConfigSchema>;

export const trainVectorsRequestSchema = z.object({
  name: nameSchema,
  corpusId: idSchema,
  ...word2vecConfigSchema.shape,
  /** Hogwild threads (default: one per core, at most 4). */
  threads: z.number().int().min(1).max(16).optional(),
});
export type TrainVectorsRequest = z.infer<typeof trainVectorsRequestSchema>;

/** Progress of a `word2vec.train` job (Hogwild: words/s read and trained on, live loss). */
export const word2vecProgressSchema = z.object({
  epoch: z.number(),
  fraction: z.number(),
  wordsPerSec: z.number(),
  effectiveWordsPerSec: z.number(),
  loss: z.number(),
  /** The learning rate now. */
  alpha: z.number().optional(),
});
export type Word2VecProgress = z.infer<typeof word2vecProgressSchema>;

export const vectorsStatsSchema = z.object({
  seconds: z.number().optional(),
  effectiveWordsPerSec: z.number().optional(),
  lossPerEpoch: z.array(z.number()).optional(),
  /** Why the vectors are likely useless (tiny vocabulary, zero loss, collapsed vectors). */
  warnings: z.array(z.string()).optional(),
});

export const vectorsSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  corpusId: z.string(),
  config: word2vecConfigSchema.extend({ threads: z.number().optional() }),
  vocabSize: z.number(),
  dim: z.number(),
  stats: vectorsStatsSchema,
  createdAt: z.string(),
});
export type VectorsSummary = z.infer<typeof vectorsSummarySchema>;
export const vectorsListSchema = z.object({ vectors: z.array(vectorsSummarySchema) });

const word = z.string().min(1).max(200);
export const similarRequestSchema = z.object({ word, topn: z.number().int().min(1).max(100).default(10) });
export const analogyRequestSchema = z.object({ a: word, b: word, c: word, method: z.enum(['add', 'mul']).default('add'), topn: z.number().int().min(1).max(50).default(5) });
export type SimilarRequest = z.input<typeof similarRequestSchema>;
export type AnalogyRequest = z.input<typeof analogyRequestSchema>;
export const neighbourSchema = z.object({ word: z.string(), score: z.number() });
export type Neighbour = z.infer<typeof neighbourSchema>;
export const similarResponseSchema = z.object({ neighbours: z.array(neighbourSchema) });
export const analogyResponseSchema = z.object({ answers: z.array(neighbourSchema) });
/** The n most frequent words, their 2-D PCA projection and unit vectors (row-major). */
export const topWordsResponseSchema = z.object({ words: z.array(z.string()), dim: z.number(), pca: z.array(z.number()), vectors: z.array(z.number()) });
export type TopWords = z.infer<typeof topWordsResponseSchema>;

/** A set trained in the browser: the word2vec binary file as base64. */
export const importVectorsRequestSchema = z.object({
  name: nameSchema,
  corpusId: idSchema,
  config: word2vecConfigSchema.extend({ threads: z.number().optional() }),
  stats: vectorsStatsSchema,
  bin: base64Schema,
});
export type ImportVectorsRequest = z.infer<typeof importVectorsRequestSchema>;
