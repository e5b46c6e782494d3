// The real stories260K Llama (../shared/data/pretrained) on WebGPU (Dawn; SwiftShader here)
// against the CPU reference: the same logits and attention maps (≤ 1e-4 relative) and the same
// greedy tokens with the KV cache. Every op the Llama needs has a WebGPU kernel; a missing one
// would be a KernelNotFoundError naming the op, never a silent fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';
import { createCpuBackend, createWebGpuBackend, fromArray, noGrad, scope, type Backend, type Tensor } from '../../src/tensor/index.ts';
import { loadPretrained } from '../../src/pretrained/load.ts';
import type { Llama } from '../../src/models/llama/llama.ts';
import { generateIds } from '../../src/models/gpt/generate.ts';
import { nodeFolder } from '../src/pretrained/node-folder.ts';

const FOLDER = join(import.meta.dirname, '../../../shared/data/pretrained/stories260K');
const have = existsSync(join(FOLDER, 'model.safetensors'));

let dawn: DawnDevice;
let gpu: Backend;
const gpuErrors: string[] = [];

beforeAll(async () => {
  if (!have) return;
  dawn = await createDawnDevice();
  gpu = createWebGpuBackend(dawn.device);
  dawn.device.onuncapturederror = (e) => gpuErrors.push(e.error.message);
});
afterAll(() => {
  expect(gpuErrors).toEqual([]);
  dawn?.device.destroy();
});

async function load(backend: Backend): Promise<Llama> {
  const p = await loadPretrained(backend, nodeFolder(FOLDER));
  if (p.family !== 'llama') throw new Error(`expected a Llama, got ${p.family}`);
  return p.model;
}

async function run(model: Llama, ids: number[]): Promise<Float32Array[]> {
  const out = scope(() => noGrad(() => {
    const r = model.forward(fromArray(model.backend, Int32Array.from(ids), [1, ids.length], 'int32'), undefined, { attention: true });
    return [r.logits, ...r.attention!];
  }));
  const data = await Promise.all(out.map(async (t: Tensor) => (await t.data()) as Float32Array));
  for (const t of out) t.dispose();
  return data;
}

const worstRelative = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))), 0);

describe('stories260K on WebGPU', () => {
  it('gives the CPU\'s logits and attention maps, and the same greedy tokens', async ({ skip }) => {
    skip(!have, '../shared/data/pretrained is absent (a clone without the shared folder)');
    const onCpu = await load(createCpuBackend());
    const onGpu = await load(gpu);
    const ids = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376];
    const [want, got] = [await run(onCpu, ids), await run(onGpu, ids)];
    expect(got).toHaveLength(1 + onCpu.config.nLayer);
    got.forEach((g, i) => expect(worstRelative(g, want[i]!), i === 0 ? 'logits' : `attention ${i - 1}`).toBeLessThan(1e-4));
    const greedy = await generateIds(onGpu, [1], { maxNewTokens: 30, temperature: 0 });
    expect(greedy).toEqual(await generateIds(onCpu, [1], { maxNewTokens: 30, temperature: 0 }));
    onCpu.dispose();
    onGpu.dispose();
  }, 300_000);
});
