// The contract against the library it describes: the recipe's fields are exactly the library's
// with its defaults accepted unchanged, every preset is a valid model config, word2vec's
// defaults pass its schema, bad values are refused by field, and the module imports only zod
// and src/ (no node:*, no DOM, nothing of server/ or web/).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultTrainConfig, defaultWord2VecConfig, describeIssue, gptConfigSchema, gptModelRequestSchema, gptPresets, gptTrainConfigSchema,
  gptTrainRequestSchema, jobKindSchemas, modelFieldSchemas, OPTIMIZERS, startGptRunRequestSchema, trainFieldSchemas, word2vecConfigSchema, word2vecFieldSchemas,
} from '../../../src/contract/index.ts';

describe('contract', () => {
  it('the recipe schema has exactly the library\'s fields and takes its defaults unchanged', () => {
    expect(Object.keys(trainFieldSchemas).sort()).toEqual(Object.keys(defaultTrainConfig).sort());
    expect(gptTrainConfigSchema.parse(defaultTrainConfig)).toEqual(defaultTrainConfig);
    expect(trainFieldSchemas.optimizer.options).toEqual([...OPTIMIZERS]);
  });

  it('every preset is a model config the schema accepts, and a request may override each model field', () => {
    for (const preset of Object.values(gptPresets)) expect(gptConfigSchema.safeParse({ vocabSize: 65, ...preset }).success).toBe(true);
    expect(Object.keys(modelFieldSchemas).sort()).toEqual(Object.keys(gptPresets.baby).filter((k) => k !== 'vocabSize').sort());
    expect(gptModelRequestSchema.parse({})).toEqual({ preset: 'baby' });
    expect(gptModelRequestSchema.parse({ preset: 'small', bias: false, activation: 'gelu' })).toEqual({ preset: 'small', bias: false, activation: 'gelu' });
  });

  it('a start request fills its defaults and names a bad field', () => {
    expect(startGptRunRequestSchema.parse({ name: ' run ', corpusId: 'brown' })).toEqual({ name: 'run', corpusId: 'brown', tokenizer: 'char', model: { preset: 'baby' }, train: {}, backend: 'auto' });
    const bad = gptTrainRequestSchema.safeParse({ lr: -1 });
    expect(bad.success).toBe(false);
    expect(describeIssue(bad.error!)).toMatch(/^invalid field "lr": /);
  });

  it('word2vec\'s defaults pass its schema, which covers every field', () => {
    expect(word2vecConfigSchema.parse(defaultWord2VecConfig)).toEqual(defaultWord2VecConfig);
    for (const k of Object.keys(defaultWord2VecConfig)) expect(word2vecFieldSchemas).toHaveProperty(k);
  });

  it('every job kind has params, progress and result schemas', () => {
    for (const [kind, s] of Object.entries(jobKindSchemas)) {
      for (const part of ['params', 'progress', 'result'] as const) expect(typeof s[part].safeParse, `${kind}.${part}`).toBe('function');
    }
  });

  it('imports only zod and the library', () => {
    const dir = 'src/contract';
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const [, spec] of source.matchAll(/from '([^']+)'/g)) {
        expect(spec === 'zod' || (spec!.startsWith('.') && !/server|web/.test(spec!)), `${file}: ${spec}`).toBe(true);
      }
    }
  });
});
