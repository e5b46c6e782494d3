// BERT folders in the hub's layouts onto the workbench's Bert: BertForPreTraining-style names
// (tied decoder, next-sentence head) give the MLM logits of an independent PyTorch BERT
// (tests/fixtures/torch/bert_reference.py) on the same folder; BertModel names (no `bert.`, no
// heads) and BertForMaskedLM (no pooler) load the same encoder and report the heads left fresh.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { fromArray, noGrad, scope } from '../../../src/tensor/tensor.ts';
import { readSafetensors, writeSafetensors, type NamedArray } from '../../../src/tensor/safetensors.ts';
import { Rng } from '../../../src/nn/random.ts';
import { Bert } from '../../../src/models/bert/bert.ts';
import { toHfBertConfig, type BertConfig } from '../../../src/models/bert/config.ts';
import { bertWeights } from '../../../src/models/bert/checkpoint.ts';
import { bertShapes } from '../../../src/pretrained/bert.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { nodeFolder } from './node-folder.ts';

const haveTorch = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'lmw-bert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONFIG: BertConfig = {
  vocabSize: 60, contextLength: 16, nLayer: 2, nHead: 2, nEmbd: 16, intermediateSize: 24, typeVocabSize: 2,
  dropout: 0.1, classifierDropout: 0.1, layerNormEpsilon: 1e-12, padTokenId: 0, labels: [],
};
const IDS = [2, 17, 33, 5, 59, 3];

function randomBert(seed: number): Bert {
  const model = new Bert(CONFIG, createCpuBackend(), new Rng(seed));
  const rng = new Rng(seed + 1);
  for (const [name, t] of model.namedParameters()) {
    const ln = name.endsWith('LayerNorm.weight');
    t.backend.write(t.storage, Float32Array.from({ length: t.size }, () => (ln ? 1 : 0) + (ln ? 0.3 : 0.2) * rng.normal()));
  }
  return model.eval();
}

function writeFolder(name: string, config: Record<string, unknown>, arrays: NamedArray[]): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'config.json'), JSON.stringify(config));
  writeFileSync(join(d, 'model.safetensors'), writeSafetensors(arrays, { format: 'pt' }));
  return d;
}

async function hidden(model: Bert): Promise<Float32Array> {
  const h = scope(() => noGrad(() => model.encode(fromArray(model.backend, Int32Array.from(IDS), [1, IDS.length], 'int32')).hidden));
  try {
    return (await h.data()) as Float32Array;
  } finally {
    h.dispose();
  }
}

describe('BERT folders onto the workbench Bert', () => {
  it('bertShapes lists exactly the model\'s parameters', () => {
    const model = new Bert({ ...CONFIG, labels: ['a', 'b', 'c'] }, createCpuBackend(), new Rng(0));
    const shapes = bertShapes(model.config);
    expect([...shapes.keys()].sort()).toEqual(model.namedParameters().map(([n]) => n).sort());
    for (const [n, t] of model.namedParameters()) expect(shapes.get(n), n).toEqual([...t.shape]);
    model.dispose();
  });

  it('BertForPreTraining names (tied decoder, NSP head) give PyTorch\'s MLM logits', async ({ skip }) => {
    skip(!haveTorch, 'Debian python3-torch is not installed');
    const model = randomBert(3);
    const ours = readSafetensors(await bertWeights(model)).arrays;
    const wte = ours.find((a) => a.name === 'bert.embeddings.word_embeddings.weight')!;
    const bias = ours.find((a) => a.name === 'cls.predictions.bias')!;
    const extra: NamedArray[] = [
      { ...wte, name: 'cls.predictions.decoder.weight' }, { ...bias, name: 'cls.predictions.decoder.bias' },
      { name: 'cls.seq_relationship.weight', dtype: 'F32', shape: [2, 16], data: new Float32Array(32) },
      { name: 'cls.seq_relationship.bias', dtype: 'F32', shape: [2], data: new Float32Array(2) },
      { name: 'bert.embeddings.position_ids', dtype: 'I32', shape: [1, 16], data: Int32Array.from({ length: 16 }, (_, i) => i) },
    ];
    const folder = writeFolder('pretraining', { ...toHfBertConfig(CONFIG), architectures: ['BertForPreTraining'] }, [...ours, ...extra]);
    const plain = writeFolder('plain', toHfBertConfig(CONFIG), ours);
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['tests/fixtures/torch/bert_reference.py', plain, JSON.stringify({ ids: [IDS], mask: [IDS.map(() => 1)] })], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { mlm_logits: number[] };
    const p = await loadPretrained(createCpuBackend(), nodeFolder(folder));
    if (p.family !== 'bert') throw new Error('expected a BERT');
    expect(p.fresh).toEqual([]);
    const logits = scope(() => noGrad(() => p.model.forward(fromArray(p.model.backend, Int32Array.from(IDS), [1, IDS.length], 'int32'), { task: 'mlm' }).logits));
    const got = (await logits.data()) as Float32Array;
    const worst = ref.mlm_logits.reduce((m, v, i) => Math.max(m, Math.abs(v - got[i]!)), 0);
    // The tolerance of the model's own PyTorch test (tests/src/models/bert): its erf-GELU in float32.
    expect(worst).toBeLessThan(2e-3);
    // And the loaded model is the saved one, bit for bit.
    const direct = scope(() => noGrad(() => model.forward(fromArray(model.backend, Int32Array.from(IDS), [1, IDS.length], 'int32'), { task: 'mlm' }).logits));
    expect(Array.from(got)).toEqual(Array.from((await direct.data()) as Float32Array));
    p.model.dispose();
    model.dispose();
  }, 120_000);

  it('BertModel names (no prefix, no heads) and BertForMaskedLM (no pooler) load the same encoder and name the heads left fresh', async () => {
    const model = randomBert(5);
    const ours = readSafetensors(await bertWeights(model)).arrays;
    const base = ours.filter((a) => a.name.startsWith('bert.')).map((a) => ({ ...a, name: a.name.slice('bert.'.length) }));
    const bare = writeFolder('bare', { ...toHfBertConfig(CONFIG), architectures: ['BertModel'] }, base);
    const mlm = writeFolder('mlm', { ...toHfBertConfig(CONFIG), architectures: ['BertForMaskedLM'] }, ours.filter((a) => !a.name.startsWith('bert.pooler.')));
    const want = await hidden(model);
    for (const [folder, freshPrefix] of [[bare, 'cls.'], [mlm, 'bert.pooler.']] as const) {
      const p = await loadPretrained(createCpuBackend(), nodeFolder(folder));
      if (p.family !== 'bert') throw new Error('expected a BERT');
      expect(p.fresh.length).toBeGreaterThan(0);
      expect(p.fresh.every((n) => n.startsWith(freshPrefix))).toBe(true);
      expect(Array.from(await hidden(p.model))).toEqual(Array.from(want));
      p.model.dispose();
    }
    const missingLayer = writeFolder('missing', { ...toHfBertConfig(CONFIG), architectures: ['BertModel'] }, base.filter((a) => a.name !== 'encoder.layer.1.output.dense.weight'));
    await expect(loadPretrained(createCpuBackend(), nodeFolder(missingLayer))).rejects.toThrow(/lack bert\.encoder\.layer\.1\.output\.dense\.weight/);
    model.dispose();
  });
});
