// State of the Engine page: trains a small MLP on two spirals with the engine in this browser —
// on WebGPU when the browser has it, else on the CPU backend — step by step, keeping the loss
// curve for the chart. Shows which backend and adapter ran.
import {
  createCpuBackend, createWebGpuBackend, crossEntropy, fromArray, scope, type Backend,
} from '../../../../src/tensor/index.ts';
import { MLP, Rng } from '../../../../src/nn/index.ts';
import { AdamW } from '../../../../src/optim/index.ts';

const POINTS = 200;

function spirals(rng: Rng): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < POINTS; i++) {
    const label = i % 2;
    const r = (i / POINTS) * 5 + 0.3;
    const angle = (i / POINTS) * 2 * Math.PI + label * Math.PI;
    x.push((r * Math.cos(angle)) / 3 + rng.normal() * 0.02, (r * Math.sin(angle)) / 3 + rng.normal() * 0.02);
    y.push(label);
  }
  return { x, y };
}

async function pickBackend(): Promise<{ backend: Backend; label: string }> {
  const adapter = 'gpu' in navigator && navigator.gpu ? await navigator.gpu.requestAdapter() : null;
  if (!adapter) return { backend: createCpuBackend(), label: 'cpu (this browser has no WebGPU adapter)' };
  const device = await adapter.requestDevice();
  const { vendor, architecture, description } = adapter.info;
  return { backend: createWebGpuBackend(device), label: `webgpu: ${[vendor, architecture, description].filter(Boolean).join(' ')}` };
}

export class EngineState {
  losses = $state<number[]>([]);
  running = $state(false);
  backendLabel = $state('');
  accuracy = $state<number | null>(null);
  error = $state('');
  steps = $state(150);
  private stopAsked = false;

  stop(): void {
    this.stopAsked = true;
  }

  async run(): Promise<void> {
    this.running = true;
    this.stopAsked = false;
    this.losses = [];
    this.accuracy = null;
    this.error = '';
    try {
      const { backend, label } = await pickBackend();
      this.backendLabel = label;
      const rng = new Rng(42);
      const data = spirals(rng);
      const model = new MLP(backend, rng, [2, 32, 32, 2], 'tanh');
      const opt = new AdamW(model.parameters(), 0.05, { weightDecay: 0 });
      const x = fromArray(backend, data.x, [POINTS, 2]);
      const y = fromArray(backend, data.y, [POINTS], 'int32');
      for (let s = 0; s < this.steps && !this.stopAsked; s++) {
        const loss = scope(() => {
          const l = crossEntropy(model.forward(x), y);
          l.backward();
          return l;
        });
        opt.update();
        opt.zeroGrad();
        this.losses = [...this.losses, (await loss.data())[0]!];
        loss.dispose();
      }
      const logits = await scope(() => model.forward(x)).data();
      let correct = 0;
      for (let i = 0; i < POINTS; i++) if ((logits[2 * i + 1]! > logits[2 * i]! ? 1 : 0) === data.y[i]) correct++;
      this.accuracy = correct / POINTS;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.running = false;
    }
  }
}
