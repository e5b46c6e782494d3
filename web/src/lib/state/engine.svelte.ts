// State of the Engine page: trains a small MLP on two spirals with the engine in this browser —
// on WebGPU when the browser has it, else on the CPU backend — step by step, keeping the loss
// curve for the chart. Shows which backend and adapter ran.
import { createCpuBackend, createWebGpuBackend, type Backend } from '../../../../src/tensor/index.ts';
import { trainSpirals } from '../../../../src/training/spirals-demo.ts';

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
      const result = await trainSpirals(backend, {
        steps: this.steps,
        onStep: (_, loss) => {
          this.losses = [...this.losses, loss];
          return !this.stopAsked;
        },
      });
      this.accuracy = result.accuracy;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.running = false;
    }
  }
}
