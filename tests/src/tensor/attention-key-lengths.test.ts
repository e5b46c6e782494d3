// Fused self-attention with key lengths (an encoder's padded batch): on the wasm kernels (one and
// two kernel threads) it gives the CPU reference's outputs and q|k|v gradients, where the CPU runs
// the plain composition with a padding mask; keys past a row's length get zero gradients; the
// causal GPT path without lengths is unchanged.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, createWasmBackend, fromArray, scope, selfAttentionQkv, keyLengthMask, mergeHeads, scaledDotProductAttention, splitHeads, sum, mul, type Backend } from '../../../src/tensor/index.ts';
import { Rng } from '../../../src/nn/random.ts';
import { spawnNodeThread } from '../../../server/gpu/wasm-threads.ts';

const cpu = createCpuBackend();
const [B, T, H, D] = [3, 13, 2, 8];
const rng = new Rng(9);
const qkvData = Float32Array.from({ length: B * T * 3 * H * D }, () => rng.normal());
const seed = Float32Array.from({ length: B * T * H * D }, () => rng.normal());
const lengths = [13, 5, 1];

async function fused(backend: Backend, causal: boolean, keyLengths?: number[]) {
  const qkv = fromArray(backend, qkvData, [B, T, 3 * H * D], 'float32', true);
  const out = scope(() => {
    const y = selfAttentionQkv(qkv, H, { causal, keyLengths });
    sum(mul(y, fromArray(backend, seed, y.shape))).backward();
    return y;
  });
  return { out: (await out.data()) as Float32Array, grad: (await qkv.grad!.data()) as Float32Array };
}

/** The composition with an explicit padding mask, on the CPU reference. */
async function composed(causal: boolean, keyLengths?: number[]) {
  const qkv = fromArray(cpu, qkvData, [B, T, 3 * H * D], 'float32', true);
  const out = scope(() => {
    const [q, k, v] = splitHeads(qkv, H);
    const y = mergeHeads(scaledDotProductAttention(q, k, v, { causal, paddingMask: keyLengths ? keyLengthMask(qkv, keyLengths, T) : undefined }).out);
    sum(mul(y, fromArray(cpu, seed, y.shape))).backward();
    return y;
  });
  return { out: (await out.data()) as Float32Array, grad: (await qkv.grad!.data()) as Float32Array };
}

const worst = (a: Float32Array, b: Float32Array) => a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]!)), 0);

describe('self-attention with key lengths', () => {
  for (const threads of [1, 2]) {
    for (const causal of [false, true]) {
      it(`matches the masked composition on wasm (${threads} thread${threads > 1 ? 's' : ''}, causal ${causal})`, async () => {
        const wasm = await createWasmBackend({ threads, spawn: spawnNodeThread });
        const [w, c] = [await fused(wasm, causal, lengths), await composed(causal, lengths)];
        expect(worst(w.out, c.out)).toBeLessThan(1e-5);
        expect(worst(w.grad, c.grad)).toBeLessThan(1e-4);
        // Keys (and values) of row 1 past its 5 tokens: no gradient.
        const C = H * D;
        for (let t = 5; t < T; t++) for (let j = C; j < 3 * C; j++) expect(w.grad[(1 * T + t) * 3 * C + j]).toBe(0);
        // Without lengths the same kernels still match the plain composition.
        const [w0, c0] = [await fused(wasm, causal), await composed(causal)];
        expect(worst(w0.out, c0.out)).toBeLessThan(1e-5);
        expect(worst(w0.grad, c0.grad)).toBeLessThan(1e-4);
      }, 60_000);
    }
  }

  it('refuses lengths outside [1, T]', () => {
    const qkv = fromArray(cpu, qkvData, [B, T, 3 * H * D]);
    expect(() => selfAttentionQkv(qkv, H, { keyLengths: [13, 0, 4] })).toThrow(/keyLengths must be 3 integers in \[1, 13\]/);
    expect(() => selfAttentionQkv(qkv, H, { keyLengths: [13, 4] })).toThrow(/keyLengths must be 3 integers/);
  });
});
