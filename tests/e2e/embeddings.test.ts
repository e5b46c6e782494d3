// The Embeddings page in headless Chromium: train word2vec on a small bundled corpus, search a
// word, and see it and its neighbours listed and highlighted in the scatter.
import { describe, expect, it } from 'vitest';
import { appForFile } from './harness.ts';

const app = appForFile('#/embeddings');

describe('Embeddings page', () => {
  it('trains word2vec and highlights a word and its neighbours', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('w2v-corpus').locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await page.getByTestId('w2v-corpus').selectOption('bpe-classic');
    await page.getByTestId('w2v-name').fill('classic');
    for (const [id, v] of [['w2v-dim', '10'], ['w2v-minCount', '1'], ['w2v-sample', '0'], ['w2v-epochs', '20']] as const) await page.getByTestId(id).fill(v);
    await page.getByTestId('w2v-train').click();
    await expect.poll(() => page.getByTestId('w2v-set').locator('option').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByTestId('w2v-progress').textContent()).toMatch(/^the server \(Hogwild threads\) · epoch 20 · 100% · [\d,]+ words\/s · loss/);
    await page.getByTestId('w2v-search').fill('newer');
    await page.getByTestId('w2v-search-go').click();
    await expect.poll(() => page.getByTestId('w2v-neighbours').locator('li').count(), { timeout: 10_000 }).toBe(4);
    const neighbours = (await page.getByTestId('w2v-neighbours').locator('li').allTextContents()).map((t) => t.split(' ')[0]!);
    expect(neighbours.sort()).toEqual(['low', 'lowest', 'new', 'wider']);
    const highlighted = (await page.getByTestId('w2v-scatter').getAttribute('data-highlighted'))!.split(' ').sort();
    expect(highlighted).toEqual(['low', 'lowest', 'new', 'newer', 'wider']);
  });

  it('trains in this browser in a Web Worker and saves the set on the server', async () => {
    const { page } = app;
    await page.getByTestId('w2v-name').fill('classic, here');
    await page.getByTestId('w2v-place').selectOption('browser');
    await page.getByTestId('w2v-train').click();
    await expect.poll(() => page.getByTestId('w2v-set').locator('option').count(), { timeout: 60_000 }).toBe(2);
    expect(await page.getByTestId('w2v-set').locator('option:checked').textContent()).toMatch(/classic, here \(5 words × 10\)/);
    expect(await page.getByTestId('w2v-progress').textContent()).toMatch(/^this browser \(wasm SIMD, one thread\) · epoch 20 · 100% · /);
    expect(await page.getByTestId('w2v-error').count()).toBe(0);
  });
});
