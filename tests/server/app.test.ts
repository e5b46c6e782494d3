import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { SWIFTSHADER_ICD } from '../../server/gpu/probe.ts';
import { testServer, uploadForm, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(() => {
  t = testServer();
});
afterAll(() => t.cleanup());

describe('health', () => {
  it('reports version, uptime and the compute backends', async () => {
    const res = await t.app.request('/api/health');
    expect(res.status).toBe(200);
    const h = (await res.json()) as { version: string; uptimeSeconds: number; backends: { name: string; available: boolean; driver?: string }[] };
    expect(h.version).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
    expect(h.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(h.backends[0]).toEqual({ name: 'cpu', available: true });
    const webgpu = h.backends.find((b) => b.name === 'webgpu')!;
    expect(webgpu).toBeDefined();
    // Where Debian's chromium is installed, SwiftShader guarantees an adapter.
    if (existsSync(SWIFTSHADER_ICD)) expect(webgpu.available).toBe(true);
  });
});

describe('routing', () => {
  it('answers unknown API paths with a JSON 404', async () => {
    const res = await t.app.request('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await res.json()) as { error: string }).error).toBe('no API route GET /api/no-such-thing');
  });

  it('takes JSON bodies only as application/json (a cross-site simple request cannot send that)', async () => {
    const body = JSON.stringify({ tokenizer: 'gpt2', text: 'hi' });
    const plain = await t.app.request('/api/tokenize', { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: string }).error).toMatch(/application\/json.*"text\/plain"/);
    const ok = await t.app.request('/api/tokenize', { method: 'POST', body, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(ok.status).toBe(200);
  });

  it('limits request bodies of JSON routes', async () => {
    const res = await t.app.request('/api/no-such-thing', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
  });
});

describe('security', () => {
  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const res = await t.app.request('/api/corpora', { headers: { host: 'evil.example:8787' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/host "evil.example:8787" is not allowed/);
  });

  it.each(['127.0.0.1:8787', 'localhost:9999', '[::1]:8787'])('accepts its own host %s', async (host) => {
    expect((await t.app.request('/api/corpora', { headers: { host } })).status).toBe(200);
  });

  it('rejects a mutating request from a foreign Origin (CSRF)', async () => {
    const res = await t.app.request('/api/corpora', {
      method: 'POST',
      body: uploadForm('some text', { name: 'csrf' }),
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/cross-origin/);
  });

  it('rejects a cross-site fetch without an Origin', async () => {
    const res = await t.app.request('/api/corpora/brown', { method: 'DELETE', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });

  it('rejects a mutating request from another port of the same host (CSRF from a local page)', async () => {
    const res = await t.app.request('/api/corpora', {
      method: 'POST',
      body: uploadForm('some text', { name: 'other-port' }),
      headers: { origin: 'http://localhost:9999', host: 'localhost:8787' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/cross-origin request from "http:\/\/localhost:9999" refused/);
  });

  it('refuses a JSON body sent as text/plain (a no-cors simple request) with 415', async () => {
    const res = await t.app.request('/api/corpora', { method: 'POST', body: '{"name":"x"}', headers: { 'content-type': 'text/plain', 'content-length': '12' } });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toMatch(/application\/json/);
  });

  it('accepts a mutating request from its own origin', async () => {
    const res = await t.app.request('/api/corpora', {
      method: 'POST',
      body: uploadForm('some text', { name: 'same-origin' }),
      headers: { origin: 'http://127.0.0.1:8787', host: '127.0.0.1:8787' },
    });
    expect(res.status).toBe(201);
  });
});
