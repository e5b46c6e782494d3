// Skip-gram with negative sampling on the tensor engine, run on WebGPU (Dawn; SwiftShader here):
// mini-batch training solves the planted analogies, as the CPU kernel does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import { createWebGpuBackend, type Backend } from '../../src/tensor/index.ts';
import { plantedCorpus, trainSgnsTensor } from '../../src/models/word2vec/index.ts';

let dawn: DawnDevice;
let gpu: Backend;
const gpuErrors: string[] = [];

beforeAll(async () => {
  dawn = await createDawnDevice();
  gpu = createWebGpuBackend(dawn.device);
  dawn.device.onuncapturederror = (e) => gpuErrors.push(e.error.message);
});
afterAll(() => {
  expect(gpuErrors).toEqual([]);
  dawn?.device.destroy();
});

describe('word2vec on WebGPU', () => {
  it('solves the planted analogies with mini-batch SGNS', async () => {
    const planted = plantedCorpus(4, 600);
    const { vectors, lossPerEpoch } = await trainSgnsTensor(gpu, planted.text, { dim: 12, minCount: 1, sample: 0, epochs: 8, batch: 512, alpha: 0.02 });
    const solved = planted.analogies.filter(([a, b, c, d]) => vectors.analogy(a, b, c)[0]!.word === d).length;
    expect(solved / planted.analogies.length).toBeGreaterThanOrEqual(0.9);
    expect(lossPerEpoch.at(-1)!).toBeLessThan(lossPerEpoch[0]!);
  }, 300_000); // ≈ 30 s on SwiftShader when the machine is idle; far longer when it is shared
});
