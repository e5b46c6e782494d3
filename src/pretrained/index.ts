export * from './folder.ts';
export * from './safetensors-header.ts';
export * from './weights.ts';
export * from './check.ts';
export * from './gpt2.ts';
export * from './llama.ts';
export * from './load.ts';
export * from './bert.ts';
