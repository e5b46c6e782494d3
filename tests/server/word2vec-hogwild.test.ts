// Hogwild word2vec in Node (worker threads on shared memory): a stop request ends training early
// with the vectors it has and the loss of the epochs every thread finished; more threads than
// sentences still train; a thread count that is not a whole number ≥ 1 is refused by name.
import { describe, expect, it } from 'vitest';
import { trainWord2VecParallel } from '../../server/word2vec/hogwild.ts';
import { plantedCorpus } from '../../src/models/word2vec/planted.ts';

const planted = plantedCorpus();

describe('trainWord2VecParallel', () => {
  it('stops on request, keeping the vectors and only the finished epochs', async () => {
    let fraction = 0;
    const r = await trainWord2VecParallel(planted.text, { arch: 'sg', loss: 'hs', dim: 20, minCount: 1, sample: 0, epochs: 400 }, 2, (p) => (fraction = p.fraction), () => fraction > 0.05);
    expect(r.lossPerEpoch.length).toBeGreaterThan(0);
    expect(r.lossPerEpoch.length).toBeLessThan(400);
    for (const l of r.lossPerEpoch) expect(l).toBeGreaterThan(0);
    expect(r.vectors.words.length).toBe(r.vocabSize);
  });

  it('trains with more threads than sentences', async () => {
    const r = await trainWord2VecParallel('a b c a b\nc a b', { dim: 4, minCount: 1, sample: 0, epochs: 3 }, 4);
    expect(r.vectors.words).toEqual(['a', 'b', 'c']);
    expect(r.lossPerEpoch).toHaveLength(3);
  });

  it('refuses a thread count below one', async () => {
    await expect(trainWord2VecParallel(planted.text, { minCount: 1 }, 0)).rejects.toThrow(/threads must be a whole number from 1 to 256, got 0/);
  });
});
