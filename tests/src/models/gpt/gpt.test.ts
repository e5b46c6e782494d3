// The GPT model on the CPU reference: masked attention (rows sum to 1, nothing above the
// diagonal), the KV cache (same logits as a full pass), both layer-norm placements and both
// position encodings learn, config errors name the field, GPT-2 parameter names and shapes.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, noGrad, scope, slice } from '../../../../src/tensor/index.ts';
import { Rng } from '../../../../src/nn/random.ts';
import { GPT } from '../../../../src/models/gpt/gpt.ts';
import { GptConfigError, presetConfig, validateGptConfig, type GptConfig } from '../../../../src/models/gpt/config.ts';
import { generateIds } from '../../../../src/models/gpt/generate.ts';
import { attentionMaps } from '../../../../src/models/gpt/attention-maps.ts';
import { charCodecFromText } from '../../../../src/tokenizers/codec.ts';
import { AdamW } from '../../../../src/optim/optimizer.ts';

const cpu = createCpuBackend();
const tiny = (o: Partial<GptConfig> = {}): GptConfig => presetConfig('baby', 11, { nLayer: 2, nHead: 2, nEmbd: 16, contextLength: 12, ...o });
const ids = (rows: number[][]) => fromArray(cpu, rows.flat(), [rows.length, rows[0]!.length], 'int32');

describe('GPT', () => {
  it('names and shapes its parameters as GPT-2 does', () => {
    const m = new GPT(tiny(), cpu, new Rng(1));
    const shapes = Object.fromEntries(m.namedParameters().map(([n, t]) => [n, t.shape.join('x')]));
    expect(shapes['transformer.wte.weight']).toBe('11x16');
    expect(shapes['transformer.wpe.weight']).toBe('12x16');
    expect(shapes['transformer.h.1.attn.c_attn.weight']).toBe('16x48');
    expect(shapes['transformer.h.1.attn.c_proj.bias']).toBe('16');
    expect(shapes['transformer.h.0.mlp.c_fc.weight']).toBe('16x64');
    expect(shapes['transformer.h.0.mlp.c_proj.weight']).toBe('64x16');
    expect(shapes['transformer.ln_f.weight']).toBe('16');
    expect(Object.keys(shapes)).toHaveLength(2 + 2 * 12 + 2);
    m.dispose();
  });

  it('starts near the uniform loss ln V and returns logits (B, T, V)', async () => {
    const m = new GPT(tiny(), cpu, new Rng(2));
    const { logits, loss } = m.forward(ids([[1, 2, 3, 4], [5, 6, 7, 8]]), ids([[2, 3, 4, 5], [6, 7, 8, 9]]));
    expect(logits.shape).toEqual([2, 4, 11]);
    const l = (await loss!.data())[0]!;
    expect(Math.abs(l - Math.log(11))).toBeLessThan(0.1);
    m.dispose();
  });

  it('attention rows sum to 1 and every weight above the diagonal is 0', async () => {
    const codec = charCodecFromText('abcdefghij ');
    const m = new GPT(tiny(), cpu, new Rng(3));
    const maps = await attentionMaps(m, codec, 'a bad cab');
    const T = maps.tokens.length;
    expect(T).toBe(9);
    expect(maps.maps).toHaveLength(2);
    for (const layer of maps.maps) {
      expect(layer).toHaveLength(2);
      for (const map of layer) {
        for (let i = 0; i < T; i++) {
          let row = 0;
          for (let j = 0; j < T; j++) {
            row += map[i * T + j]!;
            if (j > i) expect(map[i * T + j]).toBe(0);
          }
          expect(row).toBeCloseTo(1, 5);
        }
      }
    }
    m.dispose();
  });

  it('gives the same logits with and without the KV cache', async () => {
    const m = new GPT(tiny(), cpu, new Rng(4)).eval();
    const seq = [3, 1, 4, 1, 5, 9, 2, 6];
    const full = await scope(() => noGrad(() => m.forward(ids([seq])).logits)).data();
    const cache = m.newCache();
    const parts = [seq.slice(0, 3), seq.slice(3, 4), seq.slice(4, 5), seq.slice(5)];
    const stepped: number[] = [];
    for (const p of parts) {
      const l = scope(() => noGrad(() => m.forward(ids([p]), undefined, { cache }).logits));
      stepped.push(...(await l.data()));
      l.dispose();
    }
    expect(cache.length).toBe(8);
    cache.dispose();
    expect(stepped).toHaveLength(full.length);
    stepped.forEach((v, i) => expect(Math.abs(v - full[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(full[i]!))));
    const a = await generateIds(m, [1, 2, 3], { maxNewTokens: 20, temperature: 0 });
    const b = await generateIds(m, [1, 2, 3], { maxNewTokens: 20, temperature: 0, useCache: false });
    expect(a).toHaveLength(20);
    expect(a.slice(0, 9)).toEqual(b.slice(0, 9)); // within the context both see the same window
    m.dispose();
  });

  it('refuses more positions than the context and bad configs, naming the field', () => {
    const m = new GPT(tiny(), cpu, new Rng(5));
    expect(() => m.forward(ids([Array.from({ length: 13 }, () => 1)]))).toThrow(/13 positions exceed the context length 12/);
    expect(() => validateGptConfig({ ...tiny(), nEmbd: 18, nHead: 4 })).toThrow(GptConfigError);
    expect(() => validateGptConfig({ ...tiny(), nEmbd: 18, nHead: 4 })).toThrow(/nEmbd \(18\) must be divisible by nHead \(4\)/);
    expect(() => validateGptConfig({ ...tiny(), nLayer: 0 })).toThrow(/nLayer must be a positive integer/);
    expect(() => validateGptConfig({ ...tiny(), dropout: 1 })).toThrow(/dropout/);
    m.dispose();
  });

  for (const variant of [{ lnPlacement: 'post' as const }, { positions: 'sinusoidal' as const }, { bias: false }, { activation: 'gelu' as const, dropout: 0.1 }]) {
    it(`learns to copy a repeating sequence (${JSON.stringify(variant)})`, async () => {
      const m = new GPT(tiny(variant), cpu, new Rng(6));
      const opt = new AdamW(m.parameters(), 1e-2, { weightDecay: 0 });
      const seq = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3];
      const x = ids([seq.slice(0, 12)]);
      const y = ids([seq.slice(1, 13)]);
      const losses: number[] = [];
      for (let s = 0; s < 40; s++) {
        const l = scope(() => {
          const { loss } = m.forward(x, y);
          loss!.backward();
          return loss!;
        });
        opt.update();
        opt.zeroGrad();
        losses.push((await l.data())[0]!);
        l.dispose();
      }
      expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.3);
      m.dispose();
    });
  }

  it('slices sinusoidal positions from the fixed table', async () => {
    const m = new GPT(tiny({ positions: 'sinusoidal' }), cpu, new Rng(7));
    expect(m.namedParameters().some(([n]) => n.includes('wpe'))).toBe(false);
    const row = await slice(m.positionTable(), [3, 0], [1, 16]).data();
    expect(row[0]).toBeCloseTo(Math.sin(3), 6);
    expect(row[1]).toBeCloseTo(Math.cos(3), 6);
    m.dispose();
  });
});
