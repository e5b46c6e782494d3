// Corpora on the wire: summaries, details and the text fields of an upload (the file itself
// travels as multipart form data, which the server reads). Reference: src/data/corpus-stats.ts.
import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';

export const labelCountSchema = z.object({ label: z.string(), count: z.number() });
export const wordCountSchema = z.object({ word: z.string(), count: z.number() });
export type LabelCount = z.infer<typeof labelCountSchema>;
export type WordCount = z.infer<typeof wordCountSchema>;

export const corpusSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  source: z.enum(['bundled', 'user']),
  kind: z.enum(['text', 'labelled']),
  description: z.string(),
  bytes: z.number(),
  lines: z.number(),
  words: z.number(),
  uniqueWords: z.number(),
  labels: z.array(labelCountSchema),
  createdAt: z.string(),
});
export type CorpusSummary = z.infer<typeof corpusSummarySchema>;

export const corpusDetailSchema = corpusSummarySchema.extend({ topWords: z.array(wordCountSchema), preview: z.string() });
export type CorpusDetail = z.infer<typeof corpusDetailSchema>;

export const corpusListSchema = z.object({ corpora: z.array(corpusSummarySchema) });

/** The text fields of POST /api/corpora (multipart, beside the `file`). */
export const corpusUploadFieldsSchema = z.object({
  name: nameSchema.optional(),
  description: z.string().max(2000, 'must be at most 2000 characters').optional(),
});
export type CorpusUploadFields = z.infer<typeof corpusUploadFieldsSchema>;
