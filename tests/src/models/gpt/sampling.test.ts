// Next-token choice: temperature 0 is argmax, top-k and top-p keep only the likely tokens, the
// draw follows softmax(logits / T) (checked by frequency), the seed makes it repeatable.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/nn/random.ts';
import { argmax, checkSamplingOptions, pickToken } from '../../../../src/models/gpt/sampling.ts';

const logits = Float32Array.from([1, 3, 0.5, 2.5, -1]);
const draws = (opts: Parameters<typeof pickToken>[1], n = 20000, seed = 1) => {
  const rng = new Rng(seed);
  const counts = new Array<number>(logits.length).fill(0);
  for (let i = 0; i < n; i++) counts[pickToken(logits, opts, rng)]!++;
  return counts.map((c) => c / n);
};

describe('sampling', () => {
  it('is greedy at temperature 0 and with top-k 1', () => {
    expect(argmax(logits)).toBe(1);
    expect(draws({ temperature: 0 }, 50)).toEqual([0, 1, 0, 0, 0]);
    expect(draws({ temperature: 5, topK: 1 }, 50)).toEqual([0, 1, 0, 0, 0]);
  });

  it('draws in proportion to softmax(logits / T)', () => {
    for (const T of [1, 0.5]) {
      const z = Array.from(logits, (l) => Math.exp(l / T));
      const sum = z.reduce((a, b) => a + b, 0);
      draws({ temperature: T }).forEach((f, i) => expect(Math.abs(f - z[i]! / sum)).toBeLessThan(0.015));
    }
  });

  it('keeps only the top-k, or the nucleus up to top-p', () => {
    const k2 = draws({ topK: 2 });
    expect(k2[0]).toBe(0);
    expect(k2[2]).toBe(0);
    expect(k2[4]).toBe(0);
    expect(k2[1]! + k2[3]!).toBe(1);
    // p(1) ≈ 0.52, p(3) ≈ 0.32: a nucleus of 0.6 needs both, 0.5 only the first.
    const p6 = draws({ topP: 0.6 });
    expect(p6[1]! + p6[3]!).toBe(1);
    expect(draws({ topP: 0.5 }, 200)).toEqual([0, 1, 0, 0, 0]);
  });

  it('repeats with the same seed and names bad options', () => {
    expect(draws({}, 100, 9)).toEqual(draws({}, 100, 9));
    expect(() => checkSamplingOptions({ temperature: -1 })).toThrow(/temperature must be ≥ 0/);
    expect(() => checkSamplingOptions({ topK: 1.5 })).toThrow(/top-k/);
    expect(() => checkSamplingOptions({ topP: 0 })).toThrow(/top-p must be in \(0, 1\]/);
  });
});
