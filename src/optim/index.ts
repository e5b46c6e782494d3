export * from './optimizer.ts';
export * from './clip.ts';
export * from './schedule.ts';
