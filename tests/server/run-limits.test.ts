// Sizes bounded before work starts: a GPT run whose estimated memory (weights, AdamW state,
// activations) is over the machine's limit is refused 413 with the figures and nothing stored; the
// estimate's parameter count is GPT-2 small's published 124,439,808.
import { afterAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.ts';
import { estimateTrainingMemory } from '../../server/features/gpt/memory-estimate.ts';
import { presetConfig } from '../../src/models/gpt/config.ts';

const t = testServer();
afterAll(() => t.cleanup());

const post = (body: unknown) => t.app.request('/api/gpt/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('GPT run size limits', () => {
  it('counts GPT-2 small at its published 124,439,808 parameters', () => {
    const e = estimateTrainingMemory(presetConfig('gpt2', 50257, {}), { batchSize: 1 }, 50257);
    expect(e.parameters).toBe(124_439_808);
    expect(e.optimizerBytes).toBe(8 * 124_439_808);
  });

  it('refuses the 48 × 4096 × 2048 × batch 1024 run with the figures, storing nothing', async () => {
    const corpusId = t.workspace.corpora.list()[0]!.id;
    const res = await post({ name: 'huge', corpusId, model: { preset: 'baby', nLayer: 48, nHead: 32, nEmbd: 4096, contextLength: 2048 }, train: { steps: 10, batchSize: 1024 }, backend: 'cpu' });
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/this run needs about [\d.]+ [KMGT]?B of memory \(.*AdamW state.*activations for batch 1024 × context 2048 × 48 layers × width 4096\), over this machine's limit of [\d.]+ [KMGT]?B/);
    expect(t.workspace.gptRuns.list()).toHaveLength(0);
    expect(t.workspace.jobs.list()).toHaveLength(0);
  });
});
