// The Classifier page end to end in headless Chromium, training on the server: a small labelled
// upload, a tiny encoder (both stages), the confusion matrix and per-class table beside the
// baseline, and the try-it box's class probabilities; then the same in this browser on WebGPU
// (SwiftShader), asked for by name.
import { describe, expect, it } from 'vitest';
import { appForFile } from './harness.ts';

const app = appForFile('#/classifier');

const words: Record<string, string[]> = { sport: 'ball goal team match score player'.split(' '), food: 'bread cheese soup salad cook dinner'.split(' ') };
const tsv = Array.from({ length: 100 }, (_, i) => {
  const label = i % 2 ? 'sport' : 'food';
  return `${label}\t${Array.from({ length: 8 }, (_, j) => (j % 2 ? words[label]![(i + j) % 6] : ['the', 'a', 'and', 'of'][(i * j) % 4])).join(' ')}`;
}).join('\n');

describe('Classifier page', () => {
  it('trains a tiny encoder on the server and shows the confusion matrix and try-it probabilities', async () => {
    const { page } = app;
    const status = await page.evaluate(async (text) => {
      const form = new FormData();
      form.append('file', new File([text], 'topics.tsv', { type: 'text/plain' }));
      form.append('name', 'two topics');
      return (await fetch('/api/corpora', { method: 'POST', body: form })).status;
    }, tsv);
    expect(status).toBe(201);
    await page.reload();
    await expect.poll(() => page.getByTestId('classifier-corpus').locator('option').allTextContents(), { timeout: 30_000 }).toContain('two topics');
    await page.getByTestId('classifier-corpus').selectOption({ label: 'two topics' });
    for (const [id, v] of [['classifier-vocab', '280'], ['classifier-context', '16'], ['classifier-mlm-steps', '6'], ['classifier-steps', '8']] as const) await page.getByTestId(id).fill(v);
    await page.getByTestId('classifier-train').click();

    await page.getByTestId('confusion-matrix').waitFor({ timeout: 240_000 });
    const cells = await page.getByTestId('confusion-matrix').locator('td').allTextContents();
    expect(cells).toHaveLength(4);
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await page.getByTestId('report-table').textContent()).toMatch(/baseline F1/);

    await page.getByTestId('try-text').fill('the ball and the goal');
    await page.getByTestId('try-classify').click();
    const probs = page.getByTestId('try-probs').locator('li');
    await expect.poll(() => probs.count(), { timeout: 30_000 }).toBe(2);
    const shares = (await probs.allTextContents()).map((t) => Number(/([\d.]+)%$/.exec(t.trim())![1]));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  }, 300_000);

  it('trains the same tiny encoder in this browser on WebGPU and classifies in the tab', async () => {
    const { page } = app;
    await page.getByTestId('classifier-place').selectOption('browser');
    await page.getByTestId('classifier-backend').selectOption('webgpu');
    for (const [id, v] of [['classifier-mlm-steps', '2'], ['classifier-steps', '3']] as const) await page.getByTestId(id).fill(v);
    await page.getByTestId('classifier-train').click();
    await expect.poll(() => page.getByTestId('classifier-status').textContent(), { timeout: 60_000 }).toMatch(/webgpu|done/);
    await expect.poll(() => page.getByTestId('classifier-status').textContent(), { timeout: 280_000 }).toMatch(/done \(in this tab/);
    expect(await page.getByTestId('confusion-matrix').locator('td').count()).toBe(4);
    await page.getByTestId('try-classify').click();
    await expect.poll(() => page.getByTestId('try-probs').locator('li').count(), { timeout: 30_000 }).toBe(2);
  }, 300_000);
});
