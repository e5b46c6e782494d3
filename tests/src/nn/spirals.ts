// Two interleaved spirals and a 2-layer MLP trained on them with AdamW: the engine's end-to-end
// check, shared by the CPU tests and the WebGPU tests.
import { crossEntropy, fromArray, scope, type Backend } from '../../../src/tensor/index.ts';
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

export async function trainSpirals(backend: Backend, seed: number, steps: number, hidden = 64, lr = 0.01): Promise<{ losses: number[]; accuracy: number }> {
  const rng = new Rng(seed);
  const data = spirals(200, rng);
  const model = new MLP(backend, rng, [2, hidden, hidden, 2], 'tanh');
  const opt = new AdamW(model.parameters(), lr, { weightDecay: 0 });
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

