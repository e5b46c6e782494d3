// The Compare page in headless Chromium: the real stories260K folder (added through the API into
// the test server's data directory) beside a tiny GPT run; both picked, one text compared: each
// model's tokens coloured by surprise, perplexity and bits per byte, the parity with
// transformers.js for the model that has an ONNX graph, generations, attention grids, and
// next-token bars that move to a clicked token.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { appForFile } from './harness.ts';
import { tinyGptFolder } from '../server/fewshot-model.ts';

const STORIES = '../shared/data/pretrained/stories260K';
const have = existsSync(`${STORIES}/model.safetensors`);
const app = appForFile('#/compare', { webgpu: false });
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const post = (path: string, body: unknown) => fetch(`${app.server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('Compare page', () => {
  it('compares stories260K with a tiny GPT run on one text', async ({ skip }) => {
    skip(!have, '../shared/data/pretrained is absent (a clone without the shared folder)');
    const files = Object.fromEntries(['config.json', 'tokenizer.json', 'model.safetensors', 'onnx/model.onnx'].map((f) => [f, readFileSync(`${STORIES}/${f}`).toString('base64')]));
    expect((await post('/api/pretrained', { name: 'stories260K', files })).status).toBe(201);
    const tiny = await tinyGptFolder();
    const imported = await post('/api/gpt/runs/import', {
      name: 'tiny char GPT', corpusId: 'brown', tokenizer: 'char', backend: 'cpu', train: {}, metrics: [],
      files: Object.fromEntries(Object.entries(tiny).map(([n, b]) => [n, b64(b)])),
    });
    expect(imported.status).toBe(201);

    const { page } = app;
    await page.reload();
    await expect.poll(() => page.getByTestId('compare-pick').count(), { timeout: 30_000 }).toBe(2);
    const text = 'Once upon a time, there was a little girl.';
    await page.getByTestId('compare-text').fill(text);
    await page.getByTestId('compare-run').click();
    await expect.poll(() => page.getByTestId('compare-model').count(), { timeout: 120_000 }).toBe(2);
    expect(await page.getByRole('alert').count()).toBe(0);

    const [llama, gpt] = [page.getByTestId('compare-model').nth(0), page.getByTestId('compare-model').nth(1)];
    expect(await llama.getByTestId('compare-summary').textContent()).toContain('stories260K');
    const parity = await llama.getByTestId('compare-parity').textContent();
    expect(parity).toMatch(/max \|Δ logit\| \d\.\d\de-\d+ vs transformers\.js/);
    expect(Number(/(\d\.\d\de-\d+)/.exec(parity!)![1])).toBeLessThan(1e-3);
    expect(await gpt.getByTestId('compare-parity').textContent()).toMatch(/no ONNX graph/);
    // The character-level GPT has one token per character; stories260K's BPE has fewer.
    expect(await gpt.getByTestId('compare-tokens').locator('button').count()).toBe(text.length);
    const llamaTokens = await llama.getByTestId('compare-tokens').locator('button').count();
    expect(llamaTokens).toBeLessThan(text.length / 2);
    // A model trained on stories finds a story's text far less surprising than random weights do.
    expect(Number(await llama.getByTestId('compare-bpb').textContent())).toBeLessThan(Number(await gpt.getByTestId('compare-bpb').textContent()));
    expect(await llama.getByTestId('compare-generation').textContent()).not.toBe('');
    expect(await llama.getByTestId('attention-cell').count()).toBe(5 * 8);
    expect(await gpt.getByTestId('attention-cell').count()).toBe(2 * 2);
    await expect.poll(() => llama.getByTestId('compare-topk').getAttribute('data-ready')).toBe('true');

    // Clicking the third token moves the next-token bars there.
    await llama.getByTestId('compare-tokens').locator('button').nth(2).click();
    await expect.poll(async () => (await page.getByTestId('compare-model').nth(0).locator('p.muted').first().textContent()) ?? '', { timeout: 120_000 }).toMatch(/\(token 2\)/);
  });
});
