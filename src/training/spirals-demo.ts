// The engine's end-to-end demonstration: a two-layer tanh MLP learns two interleaved spirals
// with AdamW and cross-entropy, on whatever backend it is given. The Engine page runs it in the
// browser; the tests run it on CPU and WebGPU.
import { crossEntropy, fromArray, scope } from '../tensor/index.ts';
import type { Backend } from '../tensor/backend.ts';
import { MLP, Rng } from '../nn/index.ts';
import { AdamW } from '../optim/index.ts';
import { accuracy, twoSpirals } from '../data/spirals.ts';

export interface SpiralsOptions {
  seed?: number;
  steps: number;
  points?: number;
  hidden?: number;
  lr?: number;
  /** Called after every step with its loss; return false to stop early. */
  onStep?: (step: number, loss: number) => boolean | void;
}

export async function trainSpirals(backend: Backend, opts: SpiralsOptions): Promise<{ losses: number[]; accuracy: number }> {
  const { steps, points = 200, hidden = 32, lr = 0.05 } = opts;
  const rng = new Rng(opts.seed ?? 42);
  const data = twoSpirals(points, () => rng.normal());
  const model = new MLP(backend, rng, [2, hidden, hidden, 2], 'tanh');
  const opt = new AdamW(model.parameters(), lr, { weightDecay: 0 });
  const x = fromArray(backend, data.x, [points, 2]);
  const y = fromArray(backend, data.y, [points], 'int32');
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
    if (opts.onStep?.(s + 1, losses.at(-1)!) === false) break;
  }
  const logits = scope(() => model.forward(x));
  const acc = accuracy(await logits.data(), data.y);
  logits.dispose();
  return { losses, accuracy: acc };
}
