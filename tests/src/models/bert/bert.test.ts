// The BERT encoder: Hugging Face parameter names and layouts; the saved folder read by an
// independent PyTorch BERT (tests/fixtures/torch/bert_reference.py) gives the same class
// probabilities (< 1e-4) and MLM predictions; the wasm backend gives the CPU's logits; padding
// does not change a text's result; frozen parameters get no gradient; bad configs are refused.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, noGrad, scope, type Backend } from '../../../../src/tensor/index.ts';
import { Rng } from '../../../../src/nn/random.ts';
import { Bert } from '../../../../src/models/bert/bert.ts';
import { bertPresetConfig, fromHfBertConfig, toHfBertConfig, type BertConfig } from '../../../../src/models/bert/config.ts';
import { bertFolder, loadBertCheckpoint } from '../../../../src/models/bert/checkpoint.ts';
import { EncoderTokenizer } from '../../../../src/models/bert/tokenization.ts';
import { brownText } from '../../../../corpora/brown.ts';
import { tempDir } from '../../../server/helpers.ts';

const cpu = createCpuBackend();
const tok = EncoderTokenizer.learn(brownText().slice(0, 60_000), { mode: 'byte', vocabSize: 400 });
const config = (o: Partial<BertConfig> = {}) =>
  bertPresetConfig('bert-baby', tok.vocabSize, tok.pad, { nLayer: 2, nEmbd: 32, nHead: 4, intermediateSize: 64, contextLength: 24, labels: ['ham', 'spam', 'eggs'], ...o });
const root = tempDir('lmw-bert-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A padded batch: ids (B, T) and the padding mask (nonzero = padding). */
function batch(texts: string[], T: number): { ids: number[][]; pad: number[][] } {
  const rows = texts.map((t) => Array.from(tok.encode(t, T)));
  const len = Math.max(...rows.map((r) => r.length));
  return {
    ids: rows.map((r) => [...r, ...new Array<number>(len - r.length).fill(tok.pad)]),
    pad: rows.map((r) => Array.from({ length: len }, (_, i) => (i < r.length ? 0 : 1))),
  };
}

function run(m: Bert, b: { ids: number[][]; pad: number[][] }, task: 'mlm' | 'classify', attention = false) {
  const [B, T] = [b.ids.length, b.ids[0]!.length];
  return scope(() => noGrad(() => m.forward(fromArray(m.backend, b.ids.flat(), [B, T], 'int32'), { task, paddingMask: fromArray(m.backend, b.pad.flat(), [B, T], 'int32'), attention })));
}

const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]!)), 0);
const softmaxRows = (x: Float32Array, k: number) =>
  Array.from({ length: x.length / k }, (_, r) => {
    const row = Array.from(x.subarray(r * k, r * k + k));
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });

const TEXTS = ['The jury said it would not be done.', 'Newer and wider, the lowest price!', 'It was a cold and windy day in the county, and the grand jury met.'];

describe('BERT', () => {
  it("uses Hugging Face's parameter names and (out, in) layouts", () => {
    const m = new Bert(config(), cpu, new Rng(1));
    const shapes = new Map(m.namedParameters().map(([n, t]) => [n, [...t.shape]]));
    expect(shapes.get('bert.embeddings.word_embeddings.weight')).toEqual([tok.vocabSize, 32]);
    expect(shapes.get('bert.embeddings.token_type_embeddings.weight')).toEqual([2, 32]);
    expect(shapes.get('bert.encoder.layer.1.attention.self.query.weight')).toEqual([32, 32]);
    expect(shapes.get('bert.encoder.layer.1.intermediate.dense.weight')).toEqual([64, 32]);
    expect(shapes.get('bert.encoder.layer.1.output.dense.weight')).toEqual([32, 64]);
    expect(shapes.get('bert.encoder.layer.0.attention.output.LayerNorm.bias')).toEqual([32]);
    expect(shapes.get('bert.pooler.dense.weight')).toEqual([32, 32]);
    expect(shapes.get('cls.predictions.transform.dense.weight')).toEqual([32, 32]);
    expect(shapes.get('cls.predictions.bias')).toEqual([tok.vocabSize]);
    expect(shapes.get('classifier.weight')).toEqual([3, 32]);
    expect([...shapes.keys()].filter((n) => n.includes('decoder'))).toEqual([]);
    m.dispose();
  });

  it('round-trips config.json', () => {
    const c = config();
    expect(fromHfBertConfig(JSON.parse(JSON.stringify(toHfBertConfig(c))))).toEqual(c);
    expect(toHfBertConfig(c)).toMatchObject({ model_type: 'bert', id2label: { 0: 'ham', 1: 'spam', 2: 'eggs' }, label2id: { ham: 0, spam: 1, eggs: 2 } });
  });

  it('gives an independent PyTorch BERT the same class probabilities and MLM predictions from the saved folder', async () => {
    const m = new Bert(config(), cpu, new Rng(7)).eval();
    // Trained weights are not N(0, 0.02): widen them so the outputs are far from uniform.
    for (const [, t] of m.namedParameters()) cpu.write(t.storage, Float32Array.from(await t.data(), (v) => v * 8 + (t.rank === 1 ? 0.05 : 0)));
    const dir = join(root, 'ref');
    mkdirSync(dir, { recursive: true });
    for (const [name, bytes] of Object.entries(await bertFolder(m, tok))) writeFileSync(join(dir, name), bytes);
    const b = batch(TEXTS, 24);
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['tests/fixtures/torch/bert_reference.py', dir, JSON.stringify({ ids: b.ids, mask: b.pad.map((r) => r.map((p) => 1 - p)) })], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { probs: number[][]; top1: number[][]; mlm_logits: number[]; labels: string[] };
    expect(ref.labels).toEqual(['ham', 'spam', 'eggs']);
    const ours = softmaxRows((await run(m, b, 'classify').logits.data()) as Float32Array, 3);
    expect(worst(ours.flat(), ref.probs.flat())).toBeLessThan(1e-4);
    const mlm = (await run(m, b, 'mlm').logits.data()) as Float32Array;
    const V = tok.vocabSize;
    const T = b.ids[0]!.length;
    b.pad.forEach((row, i) => row.forEach((p, t) => {
      if (p) return;
      const at = (i * T + t) * V;
      const ourTop = mlm.subarray(at, at + V).reduce((best, v, j, a) => (v > a[best]! ? j : best), 0);
      expect(ourTop).toBe(ref.top1[i]![t]);
      expect(worst(mlm.subarray(at, at + V), ref.mlm_logits.slice(at, at + V))).toBeLessThan(1e-3);
    }));
    m.dispose();
  }, 120_000);

  it('gives the same result for a text alone and in a padded batch', async () => {
    const m = new Bert(config(), cpu, new Rng(3)).eval();
    const alone = (await run(m, batch([TEXTS[0]!], 24), 'classify').logits.data()) as Float32Array;
    const padded = (await run(m, batch(TEXTS, 24), 'classify').logits.data()) as Float32Array;
    expect(worst(alone, padded.subarray(0, 3))).toBeLessThan(1e-5);
    m.dispose();
  });

  it('gives the same logits and attention on wasm as on the CPU reference', async () => {
    const wasm: Backend = await createWasmBackend();
    const mc = new Bert(config(), cpu, new Rng(5)).eval();
    const { model: mw } = await loadBertCheckpoint(wasm, await bertFolder(mc, tok));
    mw.eval();
    for (const texts of [TEXTS, [TEXTS[2]!, TEXTS[2]!]]) {
      const b = batch(texts, 24);
      for (const task of ['classify', 'mlm'] as const) {
        const [oc, ow] = [run(mc, b, task, true), run(mw, b, task, true)];
        expect(ow.logits.backend.name).toBe('wasm');
        expect(worst(await ow.logits.data(), await oc.logits.data())).toBeLessThan(1e-4);
        for (let l = 0; l < 2; l++) expect(worst(await ow.attention![l]!.data(), await oc.attention![l]!.data())).toBeLessThan(1e-5);
      }
    }
    // Without a padding mask or attention maps the fused attention kernel runs: same logits.
    const b = batch([TEXTS[2]!, TEXTS[2]!], 24);
    const plain = (m: Bert) => scope(() => noGrad(() => m.forward(fromArray(m.backend, b.ids.flat(), [2, b.ids[0]!.length], 'int32'), { task: 'classify' }).logits));
    expect(worst(await plain(mw).data(), await plain(mc).data())).toBeLessThan(1e-4);
    mc.dispose();
    mw.dispose();
  }, 60_000);

  it('computes no gradient for frozen parameters', () => {
    const m = new Bert(config({ dropout: 0 }), cpu, new Rng(2));
    const frozen = [...m.bert.embeddings.parameters(), ...m.bert.encoder.layer.list[0]!.parameters()];
    for (const p of frozen) p.setRequiresGrad(false);
    const b = batch(TEXTS, 24);
    scope(() => {
      const [B, T] = [3, b.ids[0]!.length];
      const { loss } = m.forward(fromArray(cpu, b.ids.flat(), [B, T], 'int32'), { paddingMask: fromArray(cpu, b.pad.flat(), [B, T], 'int32'), labels: fromArray(cpu, [0, 1, 2], [3], 'int32') });
      loss!.backward();
    });
    expect(frozen.every((p) => p.grad === null)).toBe(true);
    expect(m.bert.encoder.layer.list[1]!.attention.self.query.weight.grad).not.toBeNull();
    expect(m.classifier!.weight.grad).not.toBeNull();
    m.dispose();
  });

  it('weights the loss by class: weight 0 on a class removes its examples', async () => {
    const m = new Bert(config({ dropout: 0, classifierDropout: 0 }), cpu, new Rng(4));
    const b = batch(TEXTS, 24);
    const [B, T] = [3, b.ids[0]!.length];
    const loss = (labels: number[], weights?: number[]) =>
      scope(() => noGrad(() => m.forward(fromArray(cpu, b.ids.flat(), [B, T], 'int32'), {
        paddingMask: fromArray(cpu, b.pad.flat(), [B, T], 'int32'), labels: fromArray(cpu, labels, [B], 'int32'), classWeights: weights ? fromArray(cpu, weights, [3]) : undefined,
      }).loss!)).data();
    const logits = (await run(m, b, 'classify').logits.data()) as Float32Array;
    const p = softmaxRows(logits, 3);
    const expected = -(Math.log(p[0]![0]!) * 2 + Math.log(p[2]![2]!) * 0.5) / 2.5; // labels 0, 1, 2 with weights 2, 0, 0.5
    expect((await loss([0, 1, 2], [2, 0, 0.5]))[0]).toBeCloseTo(expected, 5);
    expect((await loss([0, 1, 2], [1, 1, 1]))[0]).toBeCloseTo((await loss([0, 1, 2]))[0]!, 5);
    m.dispose();
  });

  it('refuses configs it cannot build', () => {
    expect(() => config({ nHead: 5 })).toThrow(/nEmbd \(32\) must be divisible by nHead \(5\)/);
    expect(() => config({ labels: ['only'] })).toThrow(/at least two labels/);
    expect(() => config({ padTokenId: 10_000 })).toThrow(/padTokenId/);
    expect(() => fromHfBertConfig({ ...toHfBertConfig(config()), hidden_act: 'relu' })).toThrow(/hidden_act "relu"/);
    const m = new Bert(config(), cpu, new Rng(1));
    expect(() => m.forward(fromArray(cpu, new Array(30).fill(1), [1, 30], 'int32'))).toThrow(/30 positions exceed the context length 24/);
    m.dispose();
  });
});

