// word2vec through its one entry on the engines other than the TypeScript reference: the wasm
// SIMD kernel in one thread (the browser's path) solves the planted analogies with skip-gram and
// CBOW (mean or sum of the context), with negative sampling or hierarchical softmax, reaching the
// loss the TypeScript kernel reaches; it is deterministic from its seed, stops when asked; the
// mini-batch skip-gram on a tensor backend (the CPU one here; WebGPU in tests/gpu) solves them
// too; the alias table of noise words gives each word exactly its share of count^0.75.
import { describe, expect, it } from 'vitest';
import { noiseTable, plantedCorpus, readCorpus, trainWord2Vec, type Word2VecResult } from '../../../../src/models/word2vec/index.ts';
import { aliasTable } from '../../../../src/models/word2vec/wasm-layout.ts';
import { createCpuBackend } from '../../../../src/tensor/cpu.ts';

const planted = plantedCorpus();
const solved = (r: Word2VecResult) => planted.analogies.filter(([a, b, c, d]) => r.vectors.analogy(a, b, c)[0]!.word === d).length / planted.analogies.length;

describe('word2vec on the wasm kernel, one thread', () => {
  // CBOW with hierarchical softmax learns these relations slowest: it gets more epochs (as in word2vec.test.ts).
  for (const [arch, loss, need, epochs] of [['sg', 'ns', 0.9, 8], ['cbow', 'ns', 0.9, 8], ['sg', 'hs', 0.9, 8], ['cbow', 'hs', 0.6, 30]] as const) {
    it(`solves the planted analogies (${arch}, ${loss}) with the loss the TypeScript kernel reaches`, async () => {
      const config = { arch, loss, dim: 20, minCount: 1, sample: 0, epochs, seed: 5 };
      const wasm = await trainWord2Vec(planted.text, config, { engine: 'wasm' });
      expect(solved(wasm)).toBeGreaterThanOrEqual(need);
      expect(wasm.lossPerEpoch).toHaveLength(epochs);
      expect(wasm.lossPerEpoch.at(-1)!).toBeLessThan(wasm.lossPerEpoch[0]!);
      const ts = await trainWord2Vec(planted.text, config, { engine: 'ts' });
      expect(Math.abs(wasm.lossPerEpoch.at(-1)! - ts.lossPerEpoch.at(-1)!)).toBeLessThan(0.02);
      expect(wasm.effectiveWords).toBe(epochs * readCorpus(planted.text, 1).vocab.total); // sample 0 keeps every word
    }, 120_000);
  }

  it('sums the CBOW context when asked, on both kernels, with a lower loss than the mean', async () => {
    const config = { arch: 'cbow' as const, cbowMean: false, dim: 20, minCount: 1, sample: 0, epochs: 8, seed: 5 };
    const wasm = await trainWord2Vec(planted.text, config, { engine: 'wasm' });
    const ts = await trainWord2Vec(planted.text, config);
    const mean = await trainWord2Vec(planted.text, { ...config, cbowMean: true }, { engine: 'wasm' });
    for (const r of [wasm, ts]) expect(solved(r)).toBeGreaterThanOrEqual(22 / 24);
    expect(Math.abs(wasm.lossPerEpoch.at(-1)! - ts.lossPerEpoch.at(-1)!)).toBeLessThan(0.02);
    expect(wasm.lossPerEpoch.at(-1)!).toBeLessThan(mean.lossPerEpoch.at(-1)! - 0.01);
  }, 120_000);

  it('is deterministic from its seed and reports progress up to the end', async () => {
    const seen: number[] = [];
    const run = (seed: number) => trainWord2Vec(planted.text, { dim: 8, minCount: 1, epochs: 2, seed }, { engine: 'wasm', onProgress: (p) => void seen.push(p.fraction) });
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(Array.from(a.vectors.vectors)).toEqual(Array.from(b.vectors.vectors));
    expect(Array.from(a.vectors.vectors)).not.toEqual(Array.from(c.vectors.vectors));
    expect(seen.at(-1)).toBeCloseTo(1, 5);
  });

  it('stops when the progress callback says so and keeps what it has', async () => {
    let calls = 0;
    const r = await trainWord2Vec(planted.text, { dim: 8, minCount: 1, epochs: 50 }, { engine: 'wasm', onProgress: () => ++calls < 2 });
    expect(calls).toBe(2);
    expect(r.stopped).toBe(true);
    expect(r.lossPerEpoch.length).toBeLessThan(50);
    expect(r.vectors.words.length).toBeGreaterThan(0);
  });

  it('refuses bad configurations, and threads without a way to start them, clearly', async () => {
    await expect(trainWord2Vec(planted.text, { dim: 0 }, { engine: 'wasm' })).rejects.toThrow(/dim must be a positive whole number/);
    await expect(trainWord2Vec('  \n ', {}, { engine: 'wasm' })).rejects.toThrow(/corpus is empty/);
    await expect(trainWord2Vec(planted.text, { minCount: 1 }, { engine: 'wasm', threads: 2 })).rejects.toThrow(/2 threads need a way to start workers/);
  });
});

describe('word2vec on a tensor backend (mini-batch skip-gram with negative sampling)', () => {
  it('solves the planted analogies on the CPU backend', async () => {
    const small = plantedCorpus(4, 600);
    const r = await trainWord2Vec(small.text, { arch: 'sg', dim: 12, minCount: 1, sample: 0, epochs: 8, alpha: 0.02 }, { engine: createCpuBackend(), batch: 512 });
    expect(small.analogies.filter(([a, b, c, d]) => r.vectors.analogy(a, b, c)[0]!.word === d).length / small.analogies.length).toBeGreaterThanOrEqual(0.9);
    expect(r.lossPerEpoch).toHaveLength(8);
    expect(r.lossPerEpoch.at(-1)!).toBeLessThan(r.lossPerEpoch[0]!);
  }, 300_000);

  it('refuses what the mini-batch path does not train', async () => {
    await expect(trainWord2Vec(planted.text, { arch: 'cbow', minCount: 1 }, { engine: createCpuBackend() })).rejects.toThrow(/skip-gram with negative sampling only/);
    await expect(trainWord2Vec(planted.text, { arch: 'sg', minCount: 1 }, { engine: createCpuBackend(), threads: 2 })).rejects.toThrow(/only the wasm engine trains on several threads/);
  });
});

describe('the alias table of noise words', () => {
  it('gives each word its share of count^0.75', () => {
    const { vocab } = readCorpus(planted.text + '\nrare once twice twice', 1);
    const cum = noiseTable(vocab.counts);
    const { prob, alias } = aliasTable(cum);
    const V = cum.length;
    const mass = new Float64Array(V);
    for (let i = 0; i < V; i++) {
      mass[i]! += prob[i]! / V;
      mass[alias[i]!]! += (1 - prob[i]!) / V;
    }
    for (let w = 0; w < V; w++) expect(mass[w]!).toBeCloseTo(vocab.counts[w]! ** 0.75 / cum[V - 1]!, 6);
    expect(Math.min(...prob)).toBeGreaterThan(0);
    expect(Math.max(...prob)).toBeLessThanOrEqual(1);
  });
});
