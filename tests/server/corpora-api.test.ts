import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testServer, uploadForm, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(() => {
  t = testServer(64 * 1024);
});
afterAll(() => t.cleanup());

const post = (body: FormData | string, headers: Record<string, string> = {}) =>
  t.app.request('/api/corpora', { method: 'POST', body, headers });
const listIds = async () =>
  ((await (await t.app.request('/api/corpora')).json()) as { corpora: { id: string }[] }).corpora.map((c) => c.id);
const blobFiles = () => readdirSync(join(t.dir, 'blobs', 'corpora')).sort();

describe('corpora API', () => {
  it('lists the bundled corpora with their statistics', async () => {
    const res = await t.app.request('/api/corpora');
    expect(res.status).toBe(200);
    const { corpora } = (await res.json()) as { corpora: Record<string, unknown>[] };
    const byId = new Map(corpora.map((c) => [c.id, c]));
    expect([...byId.keys()]).toEqual(expect.arrayContaining(['bpe-classic', 'brown', 'spam-assassin']));
    expect(byId.get('bpe-classic')).toMatchObject({ source: 'bundled', kind: 'text', lines: 5, words: 18, uniqueWords: 5, bytes: 96 });
    const brown = byId.get('brown')!;
    expect(brown.lines as number).toBeGreaterThan(50_000);
    expect(brown.words as number).toBeGreaterThan(1_000_000);
    expect(byId.get('spam-assassin')).toMatchObject({
      kind: 'labelled',
      lines: 6046,
      labels: [{ label: 'ham', count: 4150 }, { label: 'spam', count: 1896 }],
    });
  });

  it('shows a corpus with its top words and a preview', async () => {
    const res = await t.app.request('/api/corpora/brown');
    expect(res.status).toBe(200);
    const c = (await res.json()) as { topWords: { word: string; count: number }[]; preview: string };
    expect(c.topWords).toHaveLength(50);
    expect(c.topWords[0]!.word).toBe('the');
    expect(c.preview.startsWith('The Fulton County Grand Jury said Friday')).toBe(true);
  });

  it('answers 404 for an unknown corpus and 400 for a malformed id', async () => {
    const missing = await t.app.request('/api/corpora/nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no corpus with id "nope"/);
    const bad = await t.app.request('/api/corpora/..%2Fetc');
    expect(bad.status).toBe(400);
  });

  it('adds, shows and deletes a user corpus', async () => {
    const res = await post(uploadForm('the cat sat on the mat\nthe end\n', { name: 'cats' }));
    expect(res.status).toBe(201);
    const c = (await res.json()) as { id: string; name: string; words: number; lines: number; source: string };
    expect(c).toMatchObject({ name: 'cats', words: 8, lines: 2, source: 'user' });
    const detail = (await (await t.app.request(`/api/corpora/${c.id}`)).json()) as { topWords: { word: string }[] };
    expect(detail.topWords[0]!.word).toBe('the');
    expect(blobFiles()).toContain(`${c.id}.txt`);
    expect((await t.app.request(`/api/corpora/${c.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listIds()).not.toContain(c.id);
    expect(blobFiles()).not.toContain(`${c.id}.txt`);
  });

  it('names the corpus after the file when no name is given', async () => {
    const res = await post(uploadForm('hello world', {}, 'my-notes.txt'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }).name).toBe('my-notes');
  });

  it('refuses to delete a bundled corpus', async () => {
    const res = await t.app.request('/api/corpora/brown', { method: 'DELETE' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/bundled/);
  });

  describe('bad uploads get a clear 4xx and leave stored corpora untouched', () => {
    const cases: [string, () => Response | Promise<Response>, number, RegExp][] = [
      ['an empty file', () => post(uploadForm('')), 422, /empty/],
      ['a whitespace-only file', () => post(uploadForm(' \n\t\n')), 422, /only whitespace/],
      ['invalid UTF-8', () => post(uploadForm(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]))), 415, /not valid UTF-8.*offset 3/],
      ['a binary file', () => post(uploadForm(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))), 415, /binary.*NUL byte at offset 4/],
      ['a file over the limit', () => post(uploadForm('x'.repeat(64 * 1024 + 1))), 413, /over the upload limit of 65536 bytes/],
      ['a body far over the limit', () => post(uploadForm('x'.repeat(300 * 1024))), 413, /over the limit/],
      ['a duplicate name', () => post(uploadForm('some text', { name: 'Brown corpus' })), 409, /"Brown corpus" already exists/],
      ['no file field', () => { const f = new FormData(); f.append('name', 'x'); return post(f); }, 400, /field "file"/],
      ['a name that is too long', () => post(uploadForm('text', { name: 'n'.repeat(101) })), 400, /field "name".*at most 100/],
      ['a name with control characters', () => post(uploadForm('text', { name: 'a\u0007b' })), 400, /field "name".*control/],
      ['a body that is not multipart', () => post('just text', { 'content-type': 'text/plain' }), 415, /multipart/],
    ];
    it.each(cases)('%s', async (_, send, status, message) => {
      const before = { ids: await listIds(), files: blobFiles() };
      const res = await send();
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
      expect(await listIds()).toEqual(before.ids);
      expect(blobFiles()).toEqual(before.files);
    });
  });
});
