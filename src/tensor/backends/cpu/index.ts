export * from './cpu-backend.ts';
export * from './kernels.ts';
export * from './kernels-nn.ts';
