// word2vec from scratch: the planted relations are solved by every architecture and objective,
// training is deterministic with one thread and its loss falls, the vocabulary follows
// min-count and frequency order, Huffman codes are prefix-free and shorter for frequent words,
// subsampling follows word2vec.c's formula, and bad configurations are refused by name.
import { describe, expect, it } from 'vitest';
import {
  checkWord2VecConfig, defaultWord2VecConfig, huffman, keepProbabilities, plantedCorpus, readCorpus, trainWord2Vec, Word2VecError,
} from '../../../../src/models/word2vec/index.ts';

const planted = plantedCorpus();

describe('word2vec training', () => {
  // CBOW with hierarchical softmax learns these relations slowest: it gets more epochs.
  for (const [arch, loss, need, epochs] of [['sg', 'ns', 0.9, 10], ['sg', 'hs', 0.9, 10], ['cbow', 'ns', 0.9, 10], ['cbow', 'hs', 0.6, 30]] as const) {
    it(`solves the planted analogies (${arch}, ${loss})`, async () => {
      const { vectors, lossPerEpoch } = await trainWord2Vec(planted.text, { arch, loss, dim: 20, window: 5, minCount: 1, epochs, sample: 0 });
      const solved = planted.analogies.filter(([a, b, c, d]) => vectors.analogy(a, b, c)[0]!.word === d).length;
      expect(solved / planted.analogies.length).toBeGreaterThanOrEqual(need);
      expect(lossPerEpoch).toHaveLength(epochs);
      expect(lossPerEpoch.at(-1)!).toBeLessThan(lossPerEpoch[0]!);
    });
  }

  it('is deterministic with one thread and a seed, and reports progress', async () => {
    const seen: number[] = [];
    const run = (seed: number) => trainWord2Vec(planted.text, { dim: 8, minCount: 1, epochs: 2, seed }, { onProgress: (p) => void seen.push(p.fraction) });
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(Array.from(a.vectors.vectors)).toEqual(Array.from(b.vectors.vectors));
    expect(Array.from(a.vectors.vectors)).not.toEqual(Array.from(c.vectors.vectors));
    expect(seen.at(-1)).toBeCloseTo(1, 5);
  });

  it('stops when the progress callback says so', async () => {
    let calls = 0;
    const r = await trainWord2Vec(planted.text, { dim: 8, minCount: 1, epochs: 50 }, { onProgress: () => ++calls < 2 });
    expect(calls).toBe(2);
    expect(r.stopped).toBe(true);
    expect(r.lossPerEpoch.length).toBeLessThan(50);
  });

  it('refuses threads on the TypeScript kernel and an engine it does not know', async () => {
    await expect(trainWord2Vec(planted.text, { minCount: 1 }, { threads: 2 })).rejects.toThrow(/only the wasm engine trains on several threads, got 2 for engine ts/);
    await expect(trainWord2Vec(planted.text, { minCount: 1 }, { engine: 'gpu' as 'ts' })).rejects.toThrow(/engine must be ts, wasm or a tensor backend, got gpu/);
  });
});

describe('vocabulary, tables and checks', () => {
  it('keeps words at min-count, sorted by frequency with ties in first-seen order', () => {
    const c = readCorpus('b a c\na b d\n\nb e e\n', 2);
    expect(c.vocab.words).toEqual(['b', 'a', 'e']);
    expect(Array.from(c.vocab.counts)).toEqual([3, 2, 2]);
    expect(Array.from(c.ids)).toEqual([0, 1, 1, 0, 0, 2, 2]);
    expect(Array.from(c.starts)).toEqual([0, 2, 4, 7]);
  });

  it('refuses an empty corpus, a min-count that leaves nothing and bad sizes', () => {
    expect(() => readCorpus(' \n\n', 1)).toThrow(/the corpus is empty/);
    expect(() => readCorpus('a b c', 2)).toThrow(/min-count 2 leaves no vocabulary: the most frequent word occurs 1 times/);
    expect(() => checkWord2VecConfig({ ...defaultWord2VecConfig, dim: 0 })).toThrow(Word2VecError);
    expect(() => checkWord2VecConfig({ ...defaultWord2VecConfig, dim: -5 })).toThrow(/dim must be a positive whole number/);
    expect(() => checkWord2VecConfig({ ...defaultWord2VecConfig, window: 1.5 })).toThrow(/window/);
    expect(() => checkWord2VecConfig({ ...defaultWord2VecConfig, sample: 2 })).toThrow(/sample/);
    expect(() => checkWord2VecConfig({ ...defaultWord2VecConfig, arch: 'glove' as 'sg' })).toThrow(/arch must be sg or cbow/);
  });

  it('builds prefix-free Huffman codes, shorter for frequent words', () => {
    const counts = Float64Array.from([50, 20, 12, 8, 5, 3, 1, 1]);
    const { codes, points } = huffman(counts);
    const strings = codes.map((c) => c.join(''));
    for (let i = 0; i < strings.length; i++) for (let j = 0; j < strings.length; j++) if (i !== j) expect(strings[j]!.startsWith(strings[i]!)).toBe(false);
    for (let i = 1; i < codes.length; i++) expect(codes[i]!.length).toBeGreaterThanOrEqual(codes[i - 1]!.length);
    expect(points.every((p) => p[0] === counts.length - 2)).toBe(true); // every path starts at the root
    // Kraft equality for a full binary tree: Σ 2^-len = 1.
    expect(codes.reduce((s, c) => s + 2 ** -c.length, 0)).toBeCloseTo(1, 12);
  });

  it('subsamples with word2vec.c\'s keep probability', () => {
    const keep = keepProbabilities(Float64Array.from([1000, 10, 1]), 1011, 1e-3);
    const t = 1e-3 * 1011;
    expect(keep[0]).toBeCloseTo((Math.sqrt(1000 / t) + 1) * (t / 1000), 6);
    expect(keep[1]).toBeCloseTo((Math.sqrt(10 / t) + 1) * (t / 10), 6);
    expect(keep[2]).toBe(1); // rare words are always kept
    expect(Array.from(keepProbabilities(Float64Array.from([1000]), 1000, 0))).toEqual([1]);
  });
});
