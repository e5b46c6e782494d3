// The few-shot lab: prompts from templates and examples, next tokens, label scoring,
// calibration, continuations, attention to the examples, and k-shot sweeps.
export * from './lm.ts';
export * from './text-codec.ts';
export * from './tensor-lm.ts';
export * from './template.ts';
export * from './prompt.ts';
export * from './scoring.ts';
export * from './calibration.ts';
export * from './generate.ts';
export * from './attention.ts';
export * from './draw.ts';
export * from './metrics.ts';
export * from './sweep.ts';
export * from './run.ts';
export * from './presets.ts';
