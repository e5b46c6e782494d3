// Label verbalisers and the model adapter on bad input, with real tokenizers (GPT-2's ranks;
// BERT's from ../shared) and a randomly initialised GPT: empty labels, labels that tokenize to
// nothing, labels the tokenizer merges with the prompt's end, two labels with the same tokens,
// ids outside the vocabulary or past the context.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ranks from 'js-tiktoken/ranks/gpt2';
import { createCpuBackend } from '../../../src/tensor/index.ts';
import { Rng } from '../../../src/nn/random.ts';
import { GPT } from '../../../src/models/gpt/gpt.ts';
import { presetConfig } from '../../../src/models/gpt/config.ts';
import { bpeCodec, charCodecFromText, gpt2FromTiktokenRanks } from '../../../src/tokenizers/index.ts';
import { loadTokenizer } from '../../../src/tokenizers/load.ts';
import { buildPrompt, continuePrompt, engineLm, labelSpecs, runFewshot, scoreLabels, verbaliserIds, type PromptSpec } from '../../../src/fewshot/index.ts';

const cpu = createCpuBackend();
const gpt2 = bpeCodec(gpt2FromTiktokenRanks(ranks));
const review: PromptSpec = {
  template: 'Review: {input}\nSentiment: {output}',
  examples: [{ input: 'A delight from start to finish.', output: 'positive' }, { input: 'Two hours I will not get back.', output: 'negative' }],
  query: 'The cast is wonderful.',
};
const BERT = join(import.meta.dirname, '../../../../shared/data/pretrained/tokenizers/bert-base-uncased/tokenizer.json');

describe('label verbalisers', () => {
  it('takes the tokens the verbaliser adds after the prompt, with the query’s trailing space', () => {
    const p = buildPrompt(review, gpt2, { contextLength: 1024 });
    expect(p.text.endsWith('Sentiment:')).toBe(true);
    const ids = verbaliserIds(gpt2, p, { name: 'pos', verbaliser: 'positive' });
    expect(gpt2.tokenStrings(ids)).toEqual([' positive']);
  });

  it('refuses empty, duplicate, merging and indistinguishable labels by name', async () => {
    expect(() => labelSpecs([])).toThrow(/no labels/);
    expect(() => labelSpecs(['yes', ''])).toThrow(/label "" has an empty verbaliser/);
    expect(() => labelSpecs({ yes: 'yes', no: '' })).toThrow(/label "no" has an empty verbaliser/);
    const untrimmed = buildPrompt({ ...review, template: 'Review: {input}\nSentiment: {output}' }, gpt2, { contextLength: 1024, trimQuery: false });
    expect(() => verbaliserIds(gpt2, untrimmed, { name: 'pos', verbaliser: 'positive' })).toThrow(/label "pos" \("positive"\) merges with the end of the prompt/);
    const model = new GPT(presetConfig('baby', gpt2.vocabSize, { nLayer: 1, nHead: 1, nEmbd: 8, contextLength: 64 }), cpu, new Rng(1));
    const p = buildPrompt(review, gpt2, { contextLength: 64 });
    await expect(scoreLabels(engineLm(model), gpt2, p, labelSpecs({ good: 'positive', great: 'positive' }))).rejects.toThrow(/labels "good" and "great" are the same tokens/);
    model.dispose();
  });

  it('refuses a label that tokenizes to nothing', ({ skip }) => {
    skip(!existsSync(BERT), '../shared/data/pretrained is absent (a clone without the shared folder)');
    // BERT's normaliser drops format characters such as the zero-width space.
    const bert = loadTokenizer(readFileSync(BERT, 'utf8'));
    const p = buildPrompt(review, bert, { contextLength: 512 });
    expect(() => verbaliserIds(bert, p, { name: 'blank', verbaliser: '\u200b' })).toThrow(/label "blank" \("\u200b"\) tokenizes to nothing after the prompt/);
  });
});

describe('the model adapter and the run', () => {
  const codec = charCodecFromText('abc =>\n');
  const model = new GPT(presetConfig('baby', codec.vocabSize, { nLayer: 1, nHead: 2, nEmbd: 8, contextLength: 8 }), cpu, new Rng(2));
  const lm = engineLm(model);

  it('refuses ids outside the vocabulary or the context, and bad rows', async () => {
    await expect(lm.run({ ids: [] })).rejects.toThrow(/at least one token/);
    await expect(lm.run({ ids: [0, codec.vocabSize] })).rejects.toThrow(new RegExp(`token id ${codec.vocabSize} is outside the vocabulary`));
    await expect(lm.run({ ids: new Array(9).fill(0) })).rejects.toThrow(/9 tokens exceed the model's context length 8/);
    await expect(lm.run({ ids: [1, 2], rows: 3 })).rejects.toThrow(/rows must be 1…2/);
    const two = await lm.run({ ids: [1, 2, 3], rows: 2 });
    expect(two.logits).toHaveLength(2 * codec.vocabSize);
    expect(model.training).toBe(true); // the adapter restores the mode it found
  });

  it('refuses a prompt over the context, a label with no room and bad generation settings', async () => {
    const spec = { template: '{input}>{output}', examples: [{ input: 'a', output: 'b' }], query: 'c' }; // 'a>b\n' + 'c>'
    await expect(runFewshot(lm, codec, { ...spec, examples: [...spec.examples, { input: 'b', output: 'c' }] })).rejects.toThrow(/over the context length 8/);
    const fit = await runFewshot(lm, codec, { ...spec, examples: [...spec.examples, { input: 'b', output: 'c' }], overflow: 'drop', generate: { maxNewTokens: 2, temperature: 0.7, seed: 1 } });
    expect(fit.dropped).toEqual([0]);
    expect(fit.parts.map((p) => p.name)).toEqual(['example 2', 'query']);
    expect(fit.promptIds).toHaveLength(6);
    await expect(runFewshot(lm, codec, { ...spec, labels: labelSpecs(['ab', 'abc']) })).resolves.toBeDefined();
    await expect(runFewshot(lm, codec, { ...spec, labels: labelSpecs(['abcab']) })).rejects.toThrow(/needs 6 tokens .*\+ 4 kept for the answer, over the context length 8/);
    await expect(runFewshot(lm, codec, { ...spec, calibrate: true })).rejects.toThrow(/calibration needs labels/);
    await expect(runFewshot(lm, codec, { ...spec, topK: 0 })).rejects.toThrow(/top-k must be a positive integer/);
    await expect(continuePrompt(lm, codec, [1], { maxNewTokens: -1 })).rejects.toThrow(/max new tokens must be a whole number/);
    await expect(continuePrompt(lm, codec, [], { maxNewTokens: 1 })).rejects.toThrow(/the prompt is empty/);
    await expect(continuePrompt(lm, codec, [1], { maxNewTokens: 1, topP: 0 })).rejects.toThrow(/top-p must be in \(0, 1\]/);
  });
});
