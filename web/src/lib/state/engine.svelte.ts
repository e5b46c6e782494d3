// State of the Engine page: trains a small MLP on two spirals with the engine in this browser —
// on the backend the one rule picks (WebGPU on a real GPU, else wasm; any backend when named) —
// step by step, keeping the loss curve for the chart. Shows which backend and adapter ran.
import { trainSpirals } from '../../../../src/training/spirals-demo.ts';
import type { BackendChoice } from '../../../../src/contract/index.ts';
import { browserBackend } from '../backend/browser-backend.ts';

export class EngineState {
  losses = $state<number[]>([]);
  running = $state(false);
  backendLabel = $state('');
  accuracy = $state<number | null>(null);
  error = $state('');
  steps = $state(150);
  choice = $state<BackendChoice>('auto');
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
      const { backend, label, fallback } = await browserBackend(this.choice);
      this.backendLabel = fallback ? `${label} (${fallback})` : label;
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
