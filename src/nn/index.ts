export * from './random.ts';
export * from './init.ts';
export * from './module.ts';
export * from './linear.ts';
export * from './layers.ts';
export * from './checkpoint.ts';
