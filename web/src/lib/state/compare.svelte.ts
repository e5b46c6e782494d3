// State of the Compare page: the models one can pick (saved GPT runs and added pretrained
// models), the picked ones, the text and the shared sampling settings, the server's comparison,
// and the token position whose next-token bars are shown (a click on a token moves it).
// Leaves out comparing models trained only in this tab (they are not on the server).
import * as api from '../api.ts';
import type { CompareResult } from '../../../../src/contract/index.ts';

export interface PickableModel {
  /** What the server resolves: a run's id or a pretrained model's id. */
  spec: string;
  label: string;
  kind: 'GPT run' | 'pretrained';
}

export class CompareState {
  models = $state<PickableModel[]>([]);
  picked = $state<string[]>([]);
  text = $state('Once upon a time, there was a little girl named Lily.');
  prompt = $state('Once upon a time');
  maxNewTokens = $state(30);
  temperature = $state(0);
  seed = $state(0);
  position = $state<number | null>(null);
  result = $state<CompareResult | null>(null);
  busy = $state(false);
  error = $state('');

  async load(): Promise<void> {
    try {
      const [runs, pre] = await Promise.all([api.listGptRuns(), api.listPretrained()]);
      this.models = [
        ...pre.map((m): PickableModel => ({ spec: m.id, label: `${m.name} (${m.family}, ${(m.parameters / 1e6).toFixed(2)} M)`, kind: 'pretrained' })),
        ...runs.filter((r) => r.stepsDone > 0 || r.status === 'done').map((r): PickableModel => ({ spec: r.id, label: `${r.name} (GPT run, step ${r.stepsDone})`, kind: 'GPT run' })),
      ];
      if (this.picked.length === 0) this.picked = this.models.slice(0, 2).map((m) => m.spec);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  toggle(spec: string): void {
    this.picked = this.picked.includes(spec) ? this.picked.filter((s) => s !== spec) : [...this.picked, spec];
  }

  async run(position: number | null = this.position): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.result = await api.compareModels({
        text: this.text, models: this.picked, prompt: this.prompt, maxNewTokens: this.maxNewTokens, temperature: this.temperature, seed: this.seed,
        ...(position === null ? {} : { position }),
      });
      this.position = position;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  /** A click on a token of one model: that model's position; the others get theirs clamped by the server. */
  pick(position: number): Promise<void> {
    return this.run(position);
  }
}
