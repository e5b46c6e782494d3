// Hogwild word2vec in Node: trainWord2Vec on the wasm engine with threads started by the
// server's spawn (the engine's kernel threads on shared memory). Two threads solve the planted
// analogies with the loss one thread reaches, with either loss; a stop request ends training
// early with the vectors it has and the loss of the epochs every thread finished; more threads
// than sentences still train; a thread count that is not a whole number ≥ 1 is refused by name.
import { describe, expect, it } from 'vitest';
import { trainWord2Vec, type Word2VecResult } from '../../src/models/word2vec/index.ts';
import { plantedCorpus } from '../../src/models/word2vec/planted.ts';
import { spawnNodeThread } from '../../server/gpu/wasm-threads.ts';

const planted = plantedCorpus();
const solved = (r: Word2VecResult) => planted.analogies.filter(([a, b, c, d]) => r.vectors.analogy(a, b, c)[0]!.word === d).length / planted.analogies.length;
const threads = (n: number) => ({ engine: 'wasm' as const, threads: n, spawn: spawnNodeThread });

describe('word2vec on Hogwild threads', () => {
  for (const loss of ['ns', 'hs'] as const) {
    it(`solves the planted analogies on two threads (sg, ${loss}) with the loss of one`, async () => {
      const config = { arch: 'sg' as const, loss, dim: 20, minCount: 1, sample: 0, epochs: 8, seed: 5 };
      const fractions: number[] = [];
      const two = await trainWord2Vec(planted.text, config, { ...threads(2), onProgress: (p) => void fractions.push(p.fraction) });
      const one = await trainWord2Vec(planted.text, config, threads(1));
      expect(solved(two)).toBeGreaterThanOrEqual(0.9);
      expect(two.lossPerEpoch).toHaveLength(8);
      expect(Math.abs(two.lossPerEpoch.at(-1)! - one.lossPerEpoch.at(-1)!)).toBeLessThan(0.03);
      expect(two.effectiveWords).toBe(one.effectiveWords);
      expect(fractions.at(-1)).toBe(1);
      expect(two.stopped).toBe(false);
    }, 120_000);
  }

  it('stops on request, keeping the vectors and only the finished epochs', async () => {
    let fraction = 0;
    const r = await trainWord2Vec(planted.text, { arch: 'sg', loss: 'hs', dim: 20, minCount: 1, sample: 0, epochs: 400 }, {
      ...threads(2), onProgress: (p) => ((fraction = p.fraction), fraction < 0.05),
    });
    expect(r.stopped).toBe(true);
    expect(r.lossPerEpoch.length).toBeGreaterThan(0);
    expect(r.lossPerEpoch.length).toBeLessThan(400);
    for (const l of r.lossPerEpoch) expect(l).toBeGreaterThan(0);
    expect(r.vectors.words.length).toBe(r.vocabSize);
  }, 120_000);

  it('trains with more threads than sentences', async () => {
    const r = await trainWord2Vec('a b c a b\nc a b', { dim: 4, minCount: 1, sample: 0, epochs: 3 }, threads(4));
    expect(r.vectors.words).toEqual(['a', 'b', 'c']);
    expect(r.lossPerEpoch).toHaveLength(3);
  });

  it('refuses a thread count below one or past 256', async () => {
    await expect(trainWord2Vec(planted.text, { minCount: 1 }, threads(0))).rejects.toThrow(/threads must be a whole number from 1 to 256, got 0/);
    await expect(trainWord2Vec(planted.text, { minCount: 1 }, threads(1.5))).rejects.toThrow(/threads must be a whole number from 1 to 256, got 1.5/);
    await expect(trainWord2Vec(planted.text, { minCount: 1 }, threads(257))).rejects.toThrow(/got 257/);
  });
});
