// Tokenizers on the wire: summaries, the training request (one of vocabSize or merges), its
// progress and result, and text ⇄ ids. Reference: src/tokenizers/bpe/learn.ts (LearnProgress),
// src/tokenizers/bpe/segment.ts (Encoding). Leaves out tokenizer.json itself (served as a file).
import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';

/** Special tokens a new tokenizer keeps whole unless told otherwise (GPT-2's end of text). */
export const defaultSpecialTokens = ['<|endoftext|>'];

export const tokenizerModes = ['byte', 'word'] as const;

export const tokenizerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  builtin: z.boolean(),
  mode: z.enum(tokenizerModes),
  vocabSize: z.number(),
  merges: z.number(),
  corpusId: z.string().nullable(),
  stats: z.object({ charsPerToken: z.number().optional(), seconds: z.number().optional(), source: z.string().optional() }),
  createdAt: z.string().nullable(),
});
export type TokenizerSummary = z.infer<typeof tokenizerSummarySchema>;

export const tokenizerListSchema = z.object({ tokenizers: z.array(tokenizerSummarySchema) });

export const trainTokenizerRequestSchema = z
  .object({
    name: nameSchema,
    corpusId: idSchema,
    mode: z.enum(tokenizerModes).default('byte'),
    vocabSize: z.number().int().min(1).max(200_000).optional(),
    merges: z.number().int().min(1).max(200_000).optional(),
    specialTokens: z.array(z.string().min(1).max(50)).max(20).default(defaultSpecialTokens),
  })
  .refine((b) => (b.vocabSize === undefined) !== (b.merges === undefined), { message: 'give exactly one of vocabSize and merges', path: ['vocabSize'] });
export type TrainTokenizerRequest = z.infer<typeof trainTokenizerRequestSchema>;

/** Progress of a `tokenizer.train` job: merges learned so far and the compression they give. */
export const tokenizerProgressSchema = z.object({ merges: z.number(), totalMerges: z.number(), vocabSize: z.number(), charsPerToken: z.number(), exhausted: z.boolean().optional() });
export type TokenizerProgress = z.infer<typeof tokenizerProgressSchema>;

export const tokenizeRequestSchema = z.object({
  tokenizer: idSchema,
  text: z.string().max(1_000_000, 'must be at most 1,000,000 characters'),
  allowSpecial: z.boolean().default(true),
});
export type TokenizeRequest = z.infer<typeof tokenizeRequestSchema>;

export const encodingSchema = z.object({ ids: z.array(z.number()), tokens: z.array(z.string()), offsets: z.array(z.tuple([z.number(), z.number()])) });
export type EncodingResponse = z.infer<typeof encodingSchema>;

export const detokenizeRequestSchema = z.object({ tokenizer: idSchema, ids: z.array(z.number().int().min(0)).max(1_000_000) });
export type DetokenizeRequest = z.infer<typeof detokenizeRequestSchema>;
export const detokenizeResponseSchema = z.object({ text: z.string() });
