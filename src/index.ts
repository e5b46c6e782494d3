export * from './data/corpus-stats.ts';
export * from './data/utf8.ts';
