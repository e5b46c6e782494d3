export * from './errors.ts';
export * from './pretokenize.ts';
export * from './bpe/learn.ts';
export * from './bpe/segment.ts';
export * from './gpt2.ts';
export * from './serialize.ts';
export * from './gpt2-scan.ts';
export * from './codec.ts';
