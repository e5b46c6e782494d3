// GPT-2 folders in the hub's exact layout (random weights; hub names without the prefix and with
// the attn.bias buffers; prefixed with a tied lm_head; sharded) load onto our GPT and give the
// logits and greedy tokens of an independent PyTorch GPT-2 reading the same folder
// (tests/fixtures/torch/gpt2_reference.py, Debian python3-torch).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { createWasmBackend } from '../../../src/tensor/wasm.ts';
import { fromArray, noGrad, scope } from '../../../src/tensor/tensor.ts';
import type { GPT } from '../../../src/models/gpt/gpt.ts';
import { generateIds } from '../../../src/models/gpt/generate.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { nodeFolder } from './node-folder.ts';
import { writeHubGpt2, type Layout } from './hub-gpt2.ts';

const haveTorch = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'lmw-gpt2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIZES = { vocab: 211, positions: 48, layers: 3, heads: 4, embd: 32 };
const IDS = [5, 17, 200, 3, 3, 99, 42, 0, 150];

async function logitsOf(model: GPT, ids: number[]): Promise<Float32Array> {
  const out = scope(() => noGrad(() => model.forward(fromArray(model.backend, Int32Array.from(ids), [1, ids.length], 'int32')).logits));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

describe.skipIf(!haveTorch)(`GPT-2 hub folders vs PyTorch${haveTorch ? '' : ' (skipped: Debian python3-torch is not installed)'}`, () => {
  const layouts: Layout[] = ['hub', 'prefixed', 'sharded'];
  it.each(layouts)('%s layout: the same logits and greedy tokens as PyTorch (cpu and wasm)', async (layout) => {
    const folder = join(dir, layout);
    writeHubGpt2(folder, SIZES, 11, layout);
    const single = layout === 'sharded' ? join(dir, 'hub-for-sharded') : folder;
    if (layout === 'sharded') writeHubGpt2(single, SIZES, 11, 'hub');
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['tests/fixtures/torch/gpt2_reference.py', single, JSON.stringify(IDS), '12'], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { logits: number[]; greedy: number[] };
    for (const backend of [createCpuBackend(), await createWasmBackend()]) {
      const p = await loadPretrained(backend, nodeFolder(folder));
      expect(p.family).toBe('gpt2');
      const model = p.model as GPT;
      const ours = await logitsOf(model, IDS);
      expect(ours.length).toBe(ref.logits.length);
      const worst = ref.logits.reduce((m, v, i) => Math.max(m, Math.abs(v - ours[i]!)), 0);
      expect(worst, backend.name).toBeLessThan(1e-4);
      expect(await generateIds(model, IDS, { maxNewTokens: 12, temperature: 0 })).toEqual(ref.greedy);
      model.dispose();
    }
  }, 180_000);
});
