// nn modules on the CPU backend: parameter names, state dicts, seeded initializers, train/eval,
// and checkpoints through safetensors.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, mean } from '../../../src/tensor/index.ts';
import { Dropout, Embedding, LayerNorm, Linear, MLP, Rng, initValues, loadStateDict, saveStateDict } from '../../../src/nn/index.ts';

const cpu = createCpuBackend();

describe('modules', () => {
  it('names parameters like PyTorch and round-trips a state dict', async () => {
    const rng = new Rng(1);
    const mlp = new MLP(cpu, rng, [3, 4, 2]);
    expect(mlp.namedParameters().map(([n, t]) => `${n} [${t.shape.join(', ')}]`)).toEqual([
      '0.weight [3, 4]', '0.bias [4]', '1.weight [4, 2]', '1.bias [2]',
    ]);
    const other = new MLP(cpu, new Rng(2), [3, 4, 2]);
    const state = new Map(await Promise.all(mlp.namedParameters().map(async ([n, t]) => [n, { shape: t.shape, data: (await t.data()) as Float32Array }] as const)));
    await other.loadStateDict(state);
    expect(Array.from(await other.layers[0]!.weight.data())).toEqual(Array.from(await mlp.layers[0]!.weight.data()));
    state.set('1.bias', { shape: [3], data: new Float32Array(3) });
    await expect(other.loadStateDict(state)).rejects.toThrow('state dict "1.bias" has shape [3], the model needs [2]');
  });

  it('draws the same weights for the same seed', async () => {
    const a = new Linear(cpu, new Rng(9), 5, 5);
    const b = new Linear(cpu, new Rng(9), 5, 5);
    expect(Array.from(await a.weight.data())).toEqual(Array.from(await b.weight.data()));
  });

  it('initializes with the documented spreads', () => {
    const rng = new Rng(3);
    const std = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    expect(std(initValues({ kind: 'heNormal' }, [200, 100], rng))).toBeCloseTo(Math.sqrt(2 / 200), 2);
    expect(std(initValues({ kind: 'xavierNormal' }, [200, 100], rng))).toBeCloseTo(Math.sqrt(2 / 300), 2);
    const u = initValues({ kind: 'xavierUniform' }, [200, 100], rng);
    expect(Math.max(...u)).toBeLessThanOrEqual(Math.sqrt(6 / 300));
    expect(std(u)).toBeCloseTo(Math.sqrt(6 / 300) / Math.sqrt(3), 2);
  });

  it('embeds, normalizes and drops', async () => {
    const rng = new Rng(4);
    const emb = new Embedding(cpu, rng, 10, 8);
    const h = emb.forward(fromArray(cpu, [1, 2, 3], [3], 'int32'));
    expect(h.shape).toEqual([3, 8]);
    const y = new LayerNorm(cpu, rng, 8).forward(h);
    for (const m of await mean(y, -1).data()) expect(Math.abs(m)).toBeLessThan(1e-5);
    const drop = new Dropout(0.5, rng);
    expect(drop.eval().forward(h)).toBe(h);
  });
});

describe('train and eval', () => {
  it('switch a module and all its children; dropout follows', async () => {
    const mlp = new MLP(cpu, new Rng(5), [4, 8, 2], 'gelu');
    expect(mlp.eval().layers.every((l) => !l.training)).toBe(true);
    expect(mlp.train().layers.every((l) => l.training)).toBe(true);
    const x = fromArray(cpu, [1, 1, 1, 1, 1, 1, 1, 1], [8]);
    const [a, b] = [new Dropout(0.5, new Rng(1)), new Dropout(0.5, new Rng(1))];
    expect(Array.from(await a.forward(x).data())).toEqual(Array.from(await b.forward(x).data()));
    expect(Array.from(await a.forward(x).data())).not.toEqual(Array.from(await b.eval().forward(x).data()));
    expect(mlp.forward(fromArray(cpu, [1, 2, 3, 4], [1, 4])).shape).toEqual([1, 2]);
  });
});

describe('checkpoints', () => {
  it('saves a state dict as safetensors and loads it into a fresh model', async () => {
    const a = new MLP(cpu, new Rng(1), [3, 4, 2]);
    const bytes = await saveStateDict(a, { step: '10' });
    const b = new MLP(cpu, new Rng(2), [3, 4, 2]);
    expect(await loadStateDict(b, bytes)).toEqual({ step: '10' });
    for (const [[, x], [, y]] of a.namedParameters().map((p, i) => [p, b.namedParameters()[i]!] as const)) {
      expect(Array.from(await y.data())).toEqual(Array.from(await x.data()));
    }
  });

  it('refuses a checkpoint of another shape without touching the model', async () => {
    const bytes = await saveStateDict(new MLP(cpu, new Rng(1), [3, 5, 2]));
    const b = new MLP(cpu, new Rng(2), [3, 4, 2]);
    const before = Array.from(await b.layers[0]!.weight.data());
    await expect(loadStateDict(b, bytes)).rejects.toThrow('state dict "0.weight" has shape [3, 5], the model needs [3, 4]');
    expect(Array.from(await b.layers[0]!.weight.data())).toEqual(before);
  });
});
