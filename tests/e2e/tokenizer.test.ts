// The Tokenizer page in a real browser: train a small tokenizer and watch its progress, see the
// spans, step the merge replay, and compare with GPT-2.
import { describe, expect, it } from 'vitest';
import { appForFile } from './harness.ts';

const app = appForFile('#/tokenizer');

const spansText = () => app.page.getByTestId('token-spans').first().getByTestId('token').allTextContents();

describe('Tokenizer page', () => {
  it('tokenizes text with GPT-2 in the browser as you type', async () => {
    const { page } = app;
    const input = page.getByTestId('tokenize-input');
    await input.fill('Hello world');
    await expect.poll(spansText, { timeout: 30_000 }).toEqual(['Hello', '⋅world']);
    expect(await page.getByTestId('token-count').textContent()).toBe('2');
  });

  it('trains a word-mode tokenizer on the classic corpus with live progress', async () => {
    const { page } = app;
    await page.getByTestId('train-corpus').selectOption('bpe-classic');
    await page.getByTestId('train-mode').selectOption('word');
    await page.getByTestId('train-vocab').fill('20');
    await page.getByTestId('train-name').fill('classic-8');
    await page.getByTestId('train-submit').click();
    await expect.poll(() => page.getByTestId('train-merges').textContent(), { timeout: 60_000 }).toBe('8');
    await expect
      .poll(() => page.getByTestId('tokenizer-select').locator('option:checked').textContent(), { timeout: 30_000 })
      .toContain('classic-8');
    await page.getByTestId('tokenize-input').fill('lower newer');
    await expect.poll(spansText, { timeout: 30_000 }).toEqual(['low', 'er', 'newer']);
  });

  it('steps through the merge replay', async () => {
    const { page } = app;
    await page.getByTestId('tab-replay').click();
    expect(await page.getByTestId('replay-step').textContent()).toMatch(/step 0 \/ \d+/);
    await page.getByTestId('replay-next').click();
    expect(await page.getByTestId('replay-merge').textContent()).toContain('merge #1');
    expect(await page.getByTestId('replay-words').textContent()).toContain('er');
    await page.getByTestId('replay-prev').click();
    expect(await page.getByTestId('replay-merge').textContent()).toContain('characters before any merge');
  });

  it('compares the new tokenizer with GPT-2, boundaries that differ outlined', async () => {
    const { page } = app;
    await page.getByTestId('tab-compare').click();
    const id = await page.getByTestId('tokenizer-select').inputValue();
    await page.getByTestId('compare-select-1').selectOption(id);
    await expect.poll(() => page.getByTestId('compare-column').count(), { timeout: 30_000 }).toBe(2);
    const counts = await page.getByTestId('compare').getByTestId('token-count').allTextContents();
    expect(counts).toEqual(['2', '3']);
    expect(await page.locator('[data-testid="compare"] .differ').count()).toBeGreaterThan(0);
  });
});
