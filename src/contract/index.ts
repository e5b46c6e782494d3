// The API contract: zod schemas and the types inferred from them for every request, summary,
// progress event and result that crosses HTTP. Pure (no node:*, no DOM).
export * from './common.ts';
export * from './health.ts';
export * from './corpora.ts';
export * from './tokenizers.ts';
export * from './training.ts';
export * from './gpt.ts';
export * from './word2vec.ts';
export * from './fewshot.ts';
export * from './encoder.ts';
export * from './pretrained.ts';
export * from './jobs.ts';
export * from './backend.ts';
