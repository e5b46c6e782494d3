// State of the Attention page: which model (a saved run, or the one trained in this tab), the
// text, its maps (layers × heads, each T × T), the head and query token in focus, per-head
// entropy, and watching a server run that is still training (maps refetched as it evaluates).
// Models are reached through the gpt-models service, never through the GPT page's state.
import type { AttentionResponse, GptRunSummary } from '../api.ts';
import { attention, savedRuns, tabModel, TAB } from '../services/gpt-models.ts';
import { takeAttentionAsk } from '../services/attention-handoff.ts';

/** Mean over query positions of each row's entropy, in nats: low means a sharp head (whole rows: an encoder's maps are bidirectional). */
export function entropy(map: number[], T: number): number {
  let total = 0;
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      const p = map[i * T + j]!;
      if (p > 0) total -= p * Math.log(p);
    }
  }
  return total / T;
}

export class AttentionState {
  runs = $state<GptRunSummary[]>([]);
  source = $state('');
  text = $state('The jury said that the city was well run.');
  result = $state<AttentionResponse | null>(null);
  layer = $state(0);
  head = $state(0);
  query = $state(0);
  error = $state('');
  busy = $state(false);
  watching = $state(false);
  private timer: ReturnType<typeof setInterval> | null = null;

  entropies = $derived(this.result ? this.result.maps.map((l) => l.map((h) => entropy(h, this.result!.tokens.length))) : []);
  selected = $derived(this.result?.maps[this.layer]?.[this.head] ?? null);

  async load(): Promise<void> {
    try {
      this.runs = await savedRuns();
      if (!this.source) this.source = tabModel.available ? TAB : (this.runs[0]?.id ?? '');
      const ask = takeAttentionAsk(); // another page (Few-shot) asked for these maps
      if (ask) {
        Object.assign(this, { source: ask.source, text: ask.text, layer: ask.layer, head: ask.head, query: ask.query });
        await this.show();
      }
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async show(): Promise<void> {
    if (!this.source) {
      this.error = 'train a GPT first (GPT page), then pick it here';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      this.result = await attention(this.source, this.text);
      const T = this.result.tokens.length;
      this.layer = Math.min(this.layer, this.result.layers - 1);
      this.head = Math.min(this.head, this.result.heads - 1);
      this.query = Math.min(this.query, T - 1);
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  /** Refetches every few seconds while the chosen server run trains (its weights change at each evaluation). */
  toggleWatch(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.watching = false;
      return;
    }
    this.watching = true;
    this.timer = setInterval(() => void this.show(), 3000);
    void this.show();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
