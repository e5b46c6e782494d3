import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(() => {
  t = testServer();
});
afterAll(() => t.cleanup());

const json = (path: string, body: unknown, method = 'POST') =>
  t.app.request(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

/** Follows a job's SSE stream to its end; returns the event names and the last event's data. */
async function follow(jobId: string): Promise<{ events: string[]; last: Record<string, unknown> }> {
  const text = await (await t.app.request(`/api/jobs/${jobId}/events`)).text();
  const blocks = text.split('\n\n').filter((b) => b.trim());
  const events = blocks.map((b) => /^event: (.*)$/m.exec(b)![1]!);
  const data = /^data: (.*)$/m.exec(blocks.at(-1)!)![1]!;
  return { events, last: JSON.parse(data) as Record<string, unknown> };
}

describe('tokenizers API', () => {
  it('lists the built-in GPT-2 tokenizer and tokenizes with it', async () => {
    const list = (await (await t.app.request('/api/tokenizers')).json()) as { tokenizers: { id: string; vocabSize: number }[] };
    expect(list.tokenizers[0]).toMatchObject({ id: 'gpt2', vocabSize: 50257 });
    const res = await json('/api/tokenize', { tokenizer: 'gpt2', text: 'Hello world' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ids: [15496, 995], tokens: ['Hello', 'Ġworld'], offsets: [[0, 5], [5, 11]] });
    const back = await json('/api/detokenize', { tokenizer: 'gpt2', ids: [15496, 995] });
    expect(await back.json()).toEqual({ text: 'Hello world' });
  });

  it('trains a tokenizer as a job with progress, stores it and serves it', async () => {
    const start = await json('/api/tokenizers', { name: 'classic', corpusId: 'bpe-classic', mode: 'word', merges: 8 });
    expect(start.status).toBe(202);
    const { job } = (await start.json()) as { job: { id: string; kind: string; params: unknown } };
    expect(job.kind).toBe('tokenizer.train');
    expect(job.params).toEqual({ name: 'classic', corpusId: 'bpe-classic', mode: 'word', merges: 8, specialTokens: ['<|endoftext|>'] }); // public params: no server paths
    const { events, last } = await follow(job.id);
    expect(events[0]).toBe('state');
    expect(events).toContain('progress');
    expect(events.at(-1)).toBe('done');
    const saved = (last.result as { tokenizer: { id: string; merges: number; mode: string } }).tokenizer;
    expect(saved).toMatchObject({ merges: 8, mode: 'word' });
    const tok = await json('/api/tokenize', { tokenizer: saved.id, text: 'lower newer' });
    expect(((await tok.json()) as { tokens: string[] }).tokens).toEqual(['low', 'er_', 'newer_']);
    const file = await t.app.request(`/api/tokenizers/${saved.id}/tokenizer.json`);
    expect(((await file.json()) as { model: { merges: string[][] } }).model.merges[0]).toEqual(['e', 'r']);
    expect((await t.app.request(`/api/tokenizers/${saved.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request(`/api/tokenizers/${saved.id}`)).status).toBe(404);
  });

  it('stops a job that asks for more merges than the corpus has when no pair is left, storing what it learned', async () => {
    const start = await json('/api/tokenizers', { name: 'too-many', corpusId: 'bpe-classic', mode: 'word', vocabSize: 1000 });
    const { events } = await follow(((await start.json()) as { job: { id: string } }).job.id);
    expect(events.at(-1)).toBe('done');
    const list = (await (await t.app.request('/api/tokenizers')).json()) as { tokenizers: { name: string; merges: number }[] };
    expect(list.tokenizers.find((x) => x.name === 'too-many')?.merges).toBe(16);
  });

  const bad: [string, () => Response | Promise<Response>, number, RegExp][] = [
    ['an unknown corpus', () => json('/api/tokenizers', { name: 'x', corpusId: 'nope', merges: 5 }), 404, /no corpus with id "nope"/],
    ['both sizes', () => json('/api/tokenizers', { name: 'x', corpusId: 'brown', merges: 5, vocabSize: 500 }), 400, /field "vocabSize".*exactly one/],
    ['a vocab below the byte alphabet', () => json('/api/tokenizers', { name: 'x', corpusId: 'brown', vocabSize: 100 }), 400, /below the byte alphabet/],
    ['the GPT-2 name', () => json('/api/tokenizers', { name: 'GPT-2', corpusId: 'brown', merges: 5 }), 409, /already exists/],
    ['a non-JSON body', () => t.app.request('/api/tokenizers', { method: 'POST', body: 'merges=5' }), 415, /application\/json/],
    ['text with a lone surrogate', () => json('/api/tokenize', { tokenizer: 'gpt2', text: 'ok \ud800' }), 400, /lone surrogate.*offset 3/],
    ['an unknown tokenizer', () => json('/api/tokenize', { tokenizer: 't-nope', text: 'hi' }), 404, /no tokenizer with id "t-nope"/],
    ['an id outside the vocabulary', () => json('/api/detokenize', { tokenizer: 'gpt2', ids: [50257] }), 400, /id 50257 is outside/],
  ];
  it.each(bad)('rejects %s', async (_, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(await errorOf(res)).toMatch(message);
  });
});
