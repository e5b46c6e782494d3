// word2vec on the wasm SIMD kernel in one thread (the browser's path): it solves the planted
// analogies with skip-gram and CBOW (mean or sum of the context), agrees with the TypeScript kernel on the loss it reaches,
// is deterministic from its seed, stops when asked, and refuses hierarchical softmax by name;
// its alias table of noise words gives each word exactly its share of count^0.75.
import { describe, expect, it } from 'vitest';
import { noiseTable, plantedCorpus, readCorpus, trainWord2Vec } from '../../../../src/models/word2vec/index.ts';
import { trainWord2VecWasm } from '../../../../src/models/word2vec/train-wasm.ts';
import { aliasTable } from '../../../../src/models/word2vec/wasm-layout.ts';

const planted = plantedCorpus();

describe('word2vec on the wasm kernel, one thread', () => {
  for (const arch of ['sg', 'cbow'] as const) {
    it(`solves the planted analogies (${arch}) with the loss the TypeScript kernel reaches`, async () => {
      const config = { arch, dim: 20, minCount: 1, sample: 0, epochs: 8, seed: 5 };
      const wasm = await trainWord2VecWasm(planted.text, config);
      const solved = planted.analogies.filter(([a, b, c, d]) => wasm.vectors.analogy(a, b, c)[0]!.word === d).length;
      expect(solved / planted.analogies.length).toBeGreaterThanOrEqual(0.9);
      expect(wasm.lossPerEpoch).toHaveLength(8);
      expect(wasm.lossPerEpoch.at(-1)!).toBeLessThan(wasm.lossPerEpoch[0]!);
      const ts = await trainWord2Vec(planted.text, config);
      expect(Math.abs(wasm.lossPerEpoch.at(-1)! - ts.lossPerEpoch.at(-1)!)).toBeLessThan(0.02);
    });
  }

  it('sums the CBOW context when asked, on both kernels, with a lower loss than the mean', async () => {
    const config = { arch: 'cbow' as const, cbowMean: false, dim: 20, minCount: 1, sample: 0, epochs: 8, seed: 5 };
    const [wasm, ts, mean] = [await trainWord2VecWasm(planted.text, config), await trainWord2Vec(planted.text, config), await trainWord2VecWasm(planted.text, { ...config, cbowMean: true })];
    for (const r of [wasm, ts]) expect(planted.analogies.filter(([a, b, c, d]) => r.vectors.analogy(a, b, c)[0]!.word === d).length).toBeGreaterThanOrEqual(22);
    expect(Math.abs(wasm.lossPerEpoch.at(-1)! - ts.lossPerEpoch.at(-1)!)).toBeLessThan(0.02);
    expect(wasm.lossPerEpoch.at(-1)!).toBeLessThan(mean.lossPerEpoch.at(-1)! - 0.01);
  });

  it('is deterministic from its seed and reports progress up to the end', async () => {
    const seen: number[] = [];
    const run = (seed: number) => trainWord2VecWasm(planted.text, { dim: 8, minCount: 1, epochs: 2, seed }, (p) => void seen.push(p.fraction));
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(Array.from(a.vectors.vectors)).toEqual(Array.from(b.vectors.vectors));
    expect(Array.from(a.vectors.vectors)).not.toEqual(Array.from(c.vectors.vectors));
    expect(seen.at(-1)).toBeCloseTo(1, 5);
  });

  it('stops when the progress callback says so and keeps what it has', async () => {
    let calls = 0;
    const r = await trainWord2VecWasm(planted.text, { dim: 8, minCount: 1, epochs: 50 }, () => ++calls < 2);
    expect(calls).toBe(2);
    expect(r.stopped).toBe(true);
    expect(r.lossPerEpoch.length).toBeLessThan(50);
    expect(r.vectors.words.length).toBeGreaterThan(0);
  });

  it('refuses hierarchical softmax and bad configurations clearly', async () => {
    await expect(trainWord2VecWasm(planted.text, { loss: 'hs' })).rejects.toThrow(/negative sampling only/);
    await expect(trainWord2VecWasm(planted.text, { dim: 0 })).rejects.toThrow(/dim must be a positive whole number/);
    await expect(trainWord2VecWasm('  \n ', {})).rejects.toThrow(/corpus is empty/);
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
