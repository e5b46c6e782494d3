export * from './config.ts';
export * from './masking.ts';
export * from './batches.ts';
export * from './evaluate.ts';
export * from './run.ts';
export * from './train-encoder.ts';
export * from './session.ts';
