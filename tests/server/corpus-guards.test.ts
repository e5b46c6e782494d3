// A corpus a run trains on cannot be deleted (409) until the run stops; an uploaded file's name
// with terminal escapes or other control characters never becomes a corpus name as it is.
import { afterAll, describe, expect, it } from 'vitest';
import { testServer, uploadForm } from './helpers.ts';
import { defaultTrainConfig } from '../../src/training/gpt-train-config.ts';
import { gptPresets } from '../../src/contract/training.ts';

const t = testServer();
afterAll(() => t.cleanup());

describe('corpus guards', () => {
  it('refuses to delete a corpus while a run trains on it', async () => {
    const corpus = t.workspace.corpora.add({ name: 'in-use', bytes: new TextEncoder().encode('one two three four') });
    const run = t.workspace.gptRuns.create({ name: 'r', corpusId: corpus.id, tokenizer: 'char', place: 'server', model: { ...gptPresets.baby, vocabSize: 8 }, train: defaultTrainConfig });
    const refused = await t.app.request(`/api/corpora/${corpus.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/in use by a running job or training run/);
    t.workspace.gptRuns.update(run.id, { status: 'stopped' });
    expect((await t.app.request(`/api/corpora/${corpus.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('strips control characters from an upload file name used as the corpus name', async () => {
    const res = await t.app.request('/api/corpora', { method: 'POST', body: uploadForm('a rose is a rose', {}, 'ro\u001b[31mses\u0007.txt') });
    expect(res.status).toBe(201);
    const corpus = (await res.json()) as { name: string };
    expect(corpus.name).toBe('ro[31mses');
  });
});

describe('corpus reads', () => {
  it('previews the start of a corpus read by range, cut at a whole character', () => {
    const text = 'é'.repeat(1500) + '😀'.repeat(1500) + 'tail';
    const c = t.workspace.corpora.add({ name: 'accents', bytes: new TextEncoder().encode(text) });
    expect(t.workspace.corpora.get(c.id).preview).toBe(text.slice(0, 2000));
    expect(t.workspace.corpora.list().find((x) => x.id === c.id)).not.toHaveProperty('topWords');
  });
});
