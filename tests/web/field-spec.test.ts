// Reading form inputs off the contract's schemas (web/src/lib/config/field-spec.ts): bounds,
// whole numbers, enums, booleans, nullable fields and descriptions, for every config field the
// forms draw, plus the word2vec form's request (empty settings left to the library).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { modelFieldSchemas, trainFieldSchemas, word2vecFieldSchemas, defaultWord2VecConfig } from '../../src/contract/index.ts';
import { fieldProblem, fieldSpec, parseNumber } from '../../web/src/lib/config/field-spec.ts';
import { vectorsRequest } from '../../web/src/lib/state/embeddings.svelte.ts';

describe('field specs from the contract', () => {
  it('reads numbers, enums, booleans and nullable fields', () => {
    expect(fieldSpec(trainFieldSchemas.steps)).toEqual({ kind: 'number', int: true, min: 1, max: 1_000_000, nullable: false, description: 'optimizer steps' });
    expect(fieldSpec(trainFieldSchemas.beta2)).toMatchObject({ kind: 'number', int: false, min: 0, max: 1 });
    expect(fieldSpec(trainFieldSchemas.optimizer)).toMatchObject({ kind: 'enum', options: ['sgd', 'sgd-momentum', 'adam', 'adamw'] });
    expect(fieldSpec(trainFieldSchemas.patience)).toMatchObject({ kind: 'number', int: true, nullable: true });
    expect(fieldSpec(modelFieldSchemas.bias)).toMatchObject({ kind: 'boolean', nullable: false });
  });

  it('draws every field of the GPT and word2vec configs, each with a description', () => {
    for (const schema of [...Object.values(trainFieldSchemas), ...Object.values(modelFieldSchemas), ...Object.values(word2vecFieldSchemas)]) {
      expect(fieldSpec(schema).description.length).toBeGreaterThan(2);
    }
  });

  it('refuses a schema no input can show, naming its type', () => {
    expect(() => fieldSpec(z.string())).toThrow('a config field of type "string" has no form input');
  });

  it('parses input text and checks a value against the field', () => {
    expect(parseNumber(' ')).toBeNull();
    expect(parseNumber('0.95')).toBe(0.95);
    expect(Number.isNaN(parseNumber('x'))).toBe(true);
    expect(fieldProblem('beta2', trainFieldSchemas.beta2, 1)).toMatch(/^beta2: /);
    expect(fieldProblem('beta2', trainFieldSchemas.beta2, 0.99)).toBeNull();
    expect(fieldProblem('patience', trainFieldSchemas.patience, null)).toBeNull();
  });
});

describe('word2vec form request', () => {
  it('leaves empty settings out and keeps the rest under their config names', () => {
    const req = vectorsRequest({ name: 'v', corpusId: 'brown', ...defaultWord2VecConfig, alpha: null, minAlpha: 0.0001 });
    expect(req).not.toHaveProperty('alpha');
    expect(req).toMatchObject({ name: 'v', corpusId: 'brown', minAlpha: 0.0001, dim: defaultWord2VecConfig.dim, arch: defaultWord2VecConfig.arch });
  });
});
