export * from './optimizer.ts';
export * from './groups.ts';
export * from './clip.ts';
export * from './schedule.ts';
