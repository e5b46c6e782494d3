// Encoder training end to end on a small labelled corpus (wasm backend): both stages report and
// the held-out MLM loss falls, fine-tuning from random weights learns the task, the saved folder
// reloads to the same probabilities; frozen layers do not move; a checkpoint resumes to the same losses as an
// uninterrupted run; stage 2 starts from a saved folder; early stopping fires; bad corpora and settings give clear errors.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, noGrad, scope, softmax, type Backend } from '../../../../src/tensor/index.ts';
import { Rng } from '../../../../src/nn/random.ts';
import { EncoderTokenizer } from '../../../../src/models/bert/tokenization.ts';
import { bertFolder, loadBertCheckpoint } from '../../../../src/models/bert/checkpoint.ts';
import { Bert } from '../../../../src/models/bert/bert.ts';
import { bertPresetConfig } from '../../../../src/models/bert/config.ts';
import { stratifiedSplit } from '../../../../src/data/stratified-split.ts';
import { EncoderRun, defaultEncoderTrainConfig, labelIds, trainEncoder, type EncoderData, type EncoderEvent, type EncoderTrainConfig } from '../../../../src/training/encoder/index.ts';
import { readJsonFile } from '../../../../src/training/gpt-checkpoint.ts';

/** Texts whose class shows in which words they use (with shared filler words). */
function corpus(n: number, seed = 5): { texts: string[]; labels: string[] } {
  const rng = new Rng(seed);
  const words: Record<string, string[]> = {
    sport: ['goal', 'match', 'team', 'score', 'coach', 'league'], money: ['bank', 'price', 'loan', 'cash', 'stock', 'market'], food: ['bread', 'soup', 'salad', 'cheese', 'apple', 'dinner'],
  };
  const filler = ['the', 'a', 'today', 'news', 'said', 'and', 'of', 'new'];
  const labels = Array.from({ length: n }, (_, i) => Object.keys(words)[i % 3]!);
  const texts = labels.map((l) => Array.from({ length: 12 }, () => (rng.next() < 0.5 ? filler : words[l]!)[Math.floor(rng.next() * 6)]).join(' '));
  return { texts, labels };
}

const tiny: Partial<EncoderTrainConfig> = {
  vocabSize: 100, contextLength: 24, mlmSteps: 30, mlmBatchSize: 16, steps: 60, batchSize: 16, lr: 1e-3, mlmLr: 1e-3, evalEvery: 20, patience: null, mlmEvalExamples: 32,
};
const defaults = (): EncoderTrainConfig => ({ ...defaultEncoderTrainConfig, ...tiny });
const { texts, labels } = corpus(240);
const tokenizer = EncoderTokenizer.learn(texts.join('\n'), { mode: 'word', vocabSize: 100 });

function data(): EncoderData {
  const { names, ids } = labelIds(labels);
  return { seqs: texts.map((t) => tokenizer.encode(t, 24)), labels: ids, labelNames: names, split: stratifiedSplit(labels, { valFraction: 0.1, testFraction: 0.2, seed: 1 }) };
}

async function paramValues(run: EncoderRun, prefix: string): Promise<Float32Array[]> {
  return Promise.all(run.model.namedParameters().filter(([n]) => n.startsWith(prefix)).map(async ([, t]) => Float32Array.from(await t.data())));
}

describe('trainEncoder', () => {
  it('learns the task from random weights (fine-tuning only)', async () => {
    const r = await trainEncoder(await createWasmBackend(), texts, labels, { ...tiny, mlmSteps: 0, steps: 100 }, () => {}, { tokenizer, baseline: false });
    expect(r.baseline).toBeNull();
    expect(r.test.macroF1).toBeGreaterThan(0.8);
    r.run.dispose();
  }, 300_000);

  it('pretrains, fine-tunes, reports both stages and saves a folder that reloads', async () => {
    const wasm: Backend = await createWasmBackend();
    const events: EncoderEvent[] = [];
    const r = await trainEncoder(wasm, texts, labels, tiny, (e) => events.push(e), { tokenizer });
    const kinds = events.map((e) => (e.type === 'step' || e.type === 'eval' ? `${e.type}:${e.stage}` : e.type));
    expect(kinds[0]).toBe('split');
    expect(kinds[1]).toBe('baseline');
    expect(kinds.filter((k) => k === 'step:mlm').length).toBe(30);
    expect(kinds.filter((k) => k === 'step:finetune').length).toBe(60);
    expect(kinds.indexOf('step:finetune')).toBeGreaterThan(kinds.lastIndexOf('eval:mlm'));
    expect(kinds.at(-1)).toBe('result');
    const mlmEvals = events.filter((e): e is Extract<EncoderEvent, { type: 'eval'; stage: 'mlm' }> => e.type === 'eval' && e.stage === 'mlm');
    expect(mlmEvals.at(-1)!.mlmLoss).toBeLessThan(mlmEvals[0]!.mlmLoss);
    expect(r.labels).toEqual(['food', 'money', 'sport']);
    expect(r.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(r.split.test.length);
    for (const m of r.test.misclassified) expect(m.text).toBe(texts[m.index]);
    expect(readJsonFile(r.folder, 'config.json')).toMatchObject({ model_type: 'bert', id2label: { 0: 'food', 1: 'money', 2: 'sport' } });
    // The folder reloads (on the CPU reference) to the same probabilities.
    const { model } = await loadBertCheckpoint(createCpuBackend(), r.folder);
    model.eval();
    const ids = tokenizer.encode(texts[0]!, 24);
    const probs = (m: typeof model) => scope(() => noGrad(() => softmax(m.forward(fromArray(m.backend, ids, [1, ids.length], 'int32')).logits))).data();
    const [a, b] = [await probs(model), await probs(r.run.model.eval())];
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-4));
    model.dispose();
    r.run.dispose();
  }, 300_000);

  it('leaves the embeddings and the first n blocks untouched when they are frozen', async () => {
    const run = await EncoderRun.create(await createWasmBackend(), tokenizer, data(), { ...defaults(), mlmSteps: 0, steps: 5, freezeLayers: 1 });
    const before = { emb: await paramValues(run, 'bert.embeddings.'), l0: await paramValues(run, 'bert.encoder.layer.0.'), l1: await paramValues(run, 'bert.encoder.layer.1.') };
    for (let i = 0; i < 5; i++) await run.step();
    expect(await paramValues(run, 'bert.embeddings.')).toEqual(before.emb);
    expect(await paramValues(run, 'bert.encoder.layer.0.')).toEqual(before.l0);
    expect(await paramValues(run, 'bert.encoder.layer.1.')).not.toEqual(before.l1);
    run.dispose();
  }, 120_000);

  it('resumes from a checkpoint to the same losses as a run that never stopped', async () => {
    const cpu = createCpuBackend();
    const cfg = { ...defaults(), mlmSteps: 3, steps: 3, batchSize: 4, mlmBatchSize: 4 };
    const straight = await EncoderRun.create(cpu, tokenizer, data(), cfg);
    const all: number[] = [];
    for (let i = 0; i < 6; i++) all.push((await straight.step()).loss);
    straight.dispose();
    const first = await EncoderRun.create(cpu, tokenizer, data(), cfg);
    const resumedLosses: number[] = [];
    for (let i = 0; i < 4; i++) resumedLosses.push((await first.step()).loss); // into stage 2
    const files = await first.checkpoint();
    first.dispose();
    const d = data();
    const resumed = await EncoderRun.resume(cpu, files, { seqs: d.seqs, labels: d.labels });
    expect(resumed.stage).toBe('finetune');
    while (!resumed.done) resumedLosses.push((await resumed.step()).loss);
    expect(resumedLosses).toEqual(all);
    resumed.dispose();
  }, 120_000);

  it('starts stage 2 from a BERT folder with a fresh classifier, keeping the folder’s sizes and weights', async () => {
    const cpu = createCpuBackend();
    const mlm = new Bert(bertPresetConfig('bert-baby', tokenizer.vocabSize, tokenizer.pad, { nLayer: 2, nEmbd: 32, nHead: 2, intermediateSize: 64, contextLength: 32 }), cpu, new Rng(8));
    const folder = await bertFolder(mlm, tokenizer);
    const run = await EncoderRun.create(cpu, tokenizer, data(), { ...defaults(), steps: 2, batchSize: 4 }, folder);
    expect(run.stage).toBe('finetune');
    expect(run.model.config).toMatchObject({ nLayer: 2, nEmbd: 32, labels: ['food', 'money', 'sport'] });
    expect(await run.model.bert.embeddings.word_embeddings.weight.data()).toEqual(await mlm.bert.embeddings.word_embeddings.weight.data());
    await run.step();
    mlm.dispose();
    run.dispose();
  }, 60_000);

  it('stops early when validation macro-F1 stops improving', async () => {
    const run = await EncoderRun.create(createCpuBackend(), tokenizer, data(), { ...defaults(), mlmSteps: 0, steps: 50, lr: 1e-12, patience: 2, batchSize: 4 });
    let evals = 0;
    while (!run.done) {
      await run.step();
      await run.evaluate();
      evals++;
    }
    expect(evals).toBe(3); // the first sets the best; two without improvement stop the run
    run.dispose();
  }, 120_000);

  it('refuses corpora and settings it cannot train on, before training', async () => {
    const cpu = createCpuBackend();
    await expect(trainEncoder(cpu, ['a', 'b', 'c'], ['x', 'x', 'x'], tiny)).rejects.toThrow(/one class only \("x"\)/);
    await expect(trainEncoder(cpu, ['a', 'b'], ['x', ''], tiny)).rejects.toThrow(/example 1 has no label/);
    await expect(trainEncoder(cpu, texts, labels, { ...tiny, freezeLayers: 5 })).rejects.toThrow(/freezeLayers 5 is above the 4 layers of bert-baby/);
    const d = data();
    const noTestFood = { ...d, split: { ...d.split, test: d.split.test.filter((i) => labels[i] !== 'food') } };
    await expect(EncoderRun.create(cpu, tokenizer, noTestFood, defaults())).rejects.toThrow(/label "food" has no examples in the test split/);
  });
});
