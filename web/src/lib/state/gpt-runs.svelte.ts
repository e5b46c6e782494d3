// The GPT page's runs table: every saved run (server and browser), sorted by a column, with
// the curves of chosen runs overlaid on the live chart, and delete.
import * as api from '../api.ts';
import type { GptMetric, GptRunSummary } from '../../../../src/contract/index.ts';

export type SortKey = 'createdAt' | 'name' | 'bestValLoss' | 'stepsDone' | 'parameters';

/** "status: reason", the reason once: an error that already starts with the status ("interrupted: …") is not prefixed again. */
export function runStatusText(r: Pick<GptRunSummary, 'status' | 'error'>): string {
  if (!r.error) return r.status;
  return r.error.startsWith(`${r.status}:`) ? r.error : `${r.status}: ${r.error}`;
}

/** Newest first by start time; other columns ascending, runs without a value (no evaluation yet) last. */
export function sortRuns(runs: GptRunSummary[], key: SortKey): GptRunSummary[] {
  const value = (r: GptRunSummary) => r[key] ?? Infinity;
  const ascending = (a: GptRunSummary, b: GptRunSummary) => (value(a) > value(b) ? 1 : value(a) < value(b) ? -1 : 0);
  return [...runs].sort(key === 'createdAt' ? (a, b) => ascending(b, a) : ascending);
}

export class GptRunsState {
  runs = $state<GptRunSummary[]>([]);
  sortKey = $state<SortKey>('createdAt');
  overlay = $state<string[]>([]);
  overlayMetrics = $state<Record<string, GptMetric[]>>({});
  error = $state('');

  sorted = $derived(sortRuns(this.runs, this.sortKey));
  /** The overlaid runs' names and series, for the chart. */
  overlays = $derived(this.overlay.map((id) => ({ name: this.runs.find((r) => r.id === id)?.name ?? id, metrics: this.overlayMetrics[id] ?? [] })));

  async refresh(): Promise<void> {
    try {
      this.runs = await api.listGptRuns();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await api.deleteGptRun(id);
      this.overlay = this.overlay.filter((o) => o !== id);
      await this.refresh();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async toggleOverlay(id: string): Promise<void> {
    if (this.overlay.includes(id)) {
      this.overlay = this.overlay.filter((o) => o !== id);
      return;
    }
    try {
      this.overlayMetrics = { ...this.overlayMetrics, [id]: (await api.getGptRun(id)).metrics };
      this.overlay = [...this.overlay, id];
    } catch (err) {
      this.error = (err as Error).message;
    }
  }
}
