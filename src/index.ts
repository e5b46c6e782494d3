export * from './data/corpus-stats.ts';
export * from './data/utf8.ts';
export * from './data/labelled.ts';
export * from './data/format.ts';
export * from './tokenizers/index.ts';
export * from './tensor/index.ts';
export * from './nn/index.ts';
export * from './optim/index.ts';
