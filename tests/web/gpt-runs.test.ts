// The runs table's order (gpt-runs.svelte.ts): newest first by default, other columns ascending
// with runs that have no value yet (no evaluation: bestValLoss null) last.
import { describe, expect, it } from 'vitest';
import { defaultTrainConfig, gptPresets, type GptRunSummary } from '../../src/contract/index.ts';
import { sortRuns } from '../../web/src/lib/state/gpt-runs.svelte.ts';

const run = (id: string, createdAt: string, bestValLoss: number | null, stepsDone: number): GptRunSummary => ({
  id, name: `run ${id}`, corpusId: 'brown', tokenizer: 'char', place: 'server', status: 'done', model: { ...gptPresets.baby, vocabSize: 60 },
  train: defaultTrainConfig, backend: 'wasm', parameters: 1000, stepsDone, bestValLoss, jobId: null, error: null, resumable: false, createdAt, updatedAt: createdAt,
});

describe('runs table order', () => {
  const runs = [run('a', '2026-01-01T00:00:00Z', 2.5, 10), run('b', '2026-03-01T00:00:00Z', null, 30), run('c', '2026-02-01T00:00:00Z', 1.5, 20)];

  it('sorts by each column', () => {
    expect(sortRuns(runs, 'createdAt').map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(sortRuns(runs, 'bestValLoss').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRuns(runs, 'stepsDone').map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(sortRuns(runs, 'name').map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('leaves the list it was given as it was', () => {
    sortRuns(runs, 'createdAt');
    expect(runs.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
