// The engine end to end on CPU: a 2-layer MLP learns two interleaved spirals, and the same seed
// gives bit-identical losses in two runs.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, crossEntropy, fromArray, scope, type Backend } from '../../../src/tensor/index.ts';
import { MLP, Rng } from '../../../src/nn/index.ts';
import { AdamW } from '../../../src/optim/index.ts';

function spirals(n: number, rng: Rng): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const r = (i / n) * 5 + 0.3;
    const angle = (i / n) * 2 * Math.PI + label * Math.PI;
    x.push(r * Math.cos(angle) / 3 + rng.normal() * 0.02, r * Math.sin(angle) / 3 + rng.normal() * 0.02);
    y.push(label);
  }
  return { x, y };
}

async function train(backend: Backend, seed: number, steps: number): Promise<{ losses: number[]; accuracy: number }> {
  const rng = new Rng(seed);
  const data = spirals(200, rng);
  const model = new MLP(backend, rng, [2, 64, 64, 2], 'tanh');
  const opt = new AdamW(model.parameters(), 0.01, { weightDecay: 0 });
  const x = fromArray(backend, data.x, [200, 2]);
  const y = fromArray(backend, data.y, [200], 'int32');
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = scope(() => {
      const l = crossEntropy(model.forward(x), y);
      l.backward();
      return l;
    });
    opt.update();
    opt.zeroGrad();
    losses.push((await loss.data())[0]!);
    loss.dispose();
  }
  const logits = await scope(() => model.forward(x)).data();
  let correct = 0;
  for (let i = 0; i < 200; i++) if ((logits[2 * i + 1]! > logits[2 * i]! ? 1 : 0) === data.y[i]) correct++;
  return { losses, accuracy: correct / 200 };
}

describe('MLP on CPU', () => {
  it('learns two spirals to over 95% accuracy', async () => {
    const { losses, accuracy } = await train(createCpuBackend(), 42, 400);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 4);
    expect(accuracy).toBeGreaterThan(0.95);
  });

  it('gives bit-identical losses for the same seed', async () => {
    const a = await train(createCpuBackend(), 7, 30);
    const b = await train(createCpuBackend(), 7, 30);
    expect(b.losses).toEqual(a.losses);
    const c = await train(createCpuBackend(), 8, 30);
    expect(c.losses).not.toEqual(a.losses);
  });
});
