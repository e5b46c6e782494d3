export * from './cpu-backend.ts';
export * from './kernels.ts';
