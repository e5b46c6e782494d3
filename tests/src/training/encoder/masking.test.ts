// Masked-LM inputs: 15 % of each row's ordinary tokens chosen (never [CLS], [SEP], [PAD]), of
// those about 80 % [MASK], 10 % a random ordinary token, 10 % unchanged; labels are the original
// ids; a new draw each time.
import { describe, expect, it } from 'vitest';
import { maskForMlm } from '../../../../src/training/encoder/masking.ts';
import { Rng } from '../../../../src/nn/random.ts';

const [CLS, SEP, PAD, MASK] = [100, 101, 102, 103];
const tokens = { mask: MASK, ordinaryIds: Int32Array.from({ length: 100 }, (_, i) => i), isSpecial: (id: number) => id >= 100 };
const T = 42;
/** Rows of [CLS] 40 ordinary ids [SEP], and a short row padded. */
const rows = 200;
const ids = new Int32Array(rows * T);
for (let r = 0; r < rows; r++) {
  const len = r % 2 ? 42 : 22;
  for (let t = 0; t < T; t++) ids[r * T + t] = t === 0 ? CLS : t === len - 1 ? SEP : t >= len ? PAD : (r * 7 + t * 13) % 100;
}

describe('maskForMlm', () => {
  it('chooses 15 % of each row’s ordinary tokens and corrupts them 80/10/10', () => {
    const m = maskForMlm(ids, T, 0.15, tokens, new Rng(1));
    const perRow = new Map<number, number>();
    for (const p of m.positions) perRow.set(Math.floor(p / T), (perRow.get(Math.floor(p / T)) ?? 0) + 1);
    for (let r = 0; r < rows; r++) expect(perRow.get(r)).toBe(r % 2 ? 6 : 3); // round(0.15·40), round(0.15·20)
    expect(Array.from(m.positions).every((p) => !tokens.isSpecial(ids[p]!))).toBe(true);
    expect(Array.from(m.labels)).toEqual(Array.from(m.positions, (p) => ids[p]!));
    const n = m.positions.length;
    const masked = Array.from(m.positions).filter((p) => m.input[p] === MASK).length / n;
    const same = Array.from(m.positions).filter((p) => m.input[p] === ids[p]).length / n;
    expect(masked).toBeGreaterThan(0.75);
    expect(masked).toBeLessThan(0.85);
    expect(same).toBeGreaterThan(0.07); // 10 % kept, plus random draws that hit the same id
    expect(same).toBeLessThan(0.15);
    for (let i = 0; i < ids.length; i++) if (!m.positions.includes(i)) expect(m.input[i]).toBe(ids[i]);
  });

  it('draws new masks each time', () => {
    const rng = new Rng(2);
    const a = maskForMlm(ids, T, 0.15, tokens, rng);
    const b = maskForMlm(ids, T, 0.15, tokens, rng);
    expect(Array.from(a.positions)).not.toEqual(Array.from(b.positions));
  });
});
