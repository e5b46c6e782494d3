// The Few-shot page in headless Chromium: a tiny GPT (character vocabulary, imported as a saved
// run) gets the course's Poor/Good English prompt; the page shows the prompt's tokens per part,
// the next-token bars, the continuation and the attention-to-examples heatmap (layers × heads ×
// parts), reorders examples with the up/down buttons, and opens a head's full map on the
// Attention page from the heatmap; a sweep on an uploaded labelled file draws its chart and table.
import { describe, expect, it } from 'vitest';
import { appForFile } from './harness.ts';
import { tinyGptFolder } from '../server/fewshot-model.ts';
import { FEWSHOT_PRESETS } from '../../src/contract/index.ts';

const app = appForFile('#/fewshot');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('Few-shot page', () => {
  it('runs the Poor/Good English prompt on a small model and shows next tokens and attention to the examples', async () => {
    const files = await tinyGptFolder();
    const res = await fetch(`${app.server.url}/api/gpt/runs/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'tiny char GPT', corpusId: 'brown', tokenizer: 'char', backend: 'cpu', train: {}, metrics: [],
        files: Object.fromEntries(Object.entries(files).map(([n, b]) => [n, b64(b)])),
      }),
    });
    expect(res.status).toBe(201);
    const { page } = app;
    await page.reload();
    await expect.poll(() => page.getByTestId('fewshot-model').inputValue(), { timeout: 30_000 }).toMatch(/^gpt-/);
    const preset = FEWSHOT_PRESETS['poor-good-english'];
    await expect.poll(() => page.getByTestId('fewshot-template').inputValue()).toBe(preset.template);
    await expect.poll(() => page.getByTestId('fewshot-example').count()).toBe(preset.examples.length);
    expect(await page.getByTestId('fewshot-template-preview').locator('span.input').textContent()).toBe('{input}');

    // Reorder: the first example moves down one place.
    await page.getByTestId('fewshot-example').first().getByRole('button', { name: 'move down' }).click();
    expect(await page.getByRole('textbox', { name: 'example 2 input' }).inputValue()).toBe(preset.examples[0]!.input);

    await page.getByTestId('fewshot-run').click();
    await expect.poll(() => page.getByTestId('fewshot-next-tokens').getAttribute('data-ready'), { timeout: 120_000 }).toBe('true');
    expect(await page.getByRole('alert').count()).toBe(0);
    const tokens = await page.getByTestId('fewshot-prompt-tokens').locator('span').allTextContents();
    const promptText = [1, 0, 2].map((i) => `Poor English input: ${preset.examples[i]!.input}\nGood English output: ${preset.examples[i]!.output}\n`).join('') + `Poor English input: ${preset.query}\nGood English output:`;
    expect(tokens.length).toBe(promptText.length); // one character per token with this vocabulary
    const heat = page.getByTestId('fewshot-attention');
    expect(await heat.locator('tbody tr').count()).toBe(2 * 2); // layers × heads of the tiny GPT
    expect(await heat.locator('thead th').allTextContents()).toEqual(['', 'example 1', 'example 2', 'example 3', 'query']);
    const shares = (await heat.locator('tbody tr').first().locator('td').allTextContents()).map(Number);
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(95);
    expect(await page.getByTestId('fewshot-continuation').textContent()).not.toBe('');

    // A cell opens the Attention page on that head's full map of the prompt.
    await heat.locator('tbody tr').nth(3).locator('td button').first().click();
    await expect.poll(() => page.getByTestId('attention-cell').count(), { timeout: 60_000 }).toBe(2 * 2);
    expect(await page.getByTestId('attention-text').inputValue()).toBe(promptText.replace(/\n/g, '')); // a one-line input shows the prompt without its newlines
    expect(await page.locator('[data-testid="attention-cell"].selected').getAttribute('title')).toMatch(/^layer 1, head 1:/);

    // A sweep on an uploaded label<TAB>text file: accuracy over k with the baselines, and its table.
    const form = new FormData();
    form.append('file', new File([Array.from({ length: 16 }, (_, i) => (i % 2 ? `good\tI ate the berries ${i}.` : `poor\tI eated the berries ${i}.`)).join('\n')], 'grammar.tsv'));
    form.append('name', 'grammar');
    expect((await fetch(`${app.server.url}/api/corpora`, { method: 'POST', body: form })).status).toBe(201);
    await page.goto(`${app.server.url}/#/fewshot`);
    await expect.poll(() => page.getByTestId('sweep-corpus').locator('option', { hasText: 'grammar' }).count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('sweep-corpus').selectOption({ label: 'grammar' });
    await page.getByLabel('k', { exact: true }).fill('0, 1');
    await page.getByLabel('queries').fill('4');
    await page.getByLabel('draws').fill('1');
    await page.getByTestId('sweep-start').click();
    await expect.poll(() => page.getByTestId('sweep-chart').getAttribute('data-ready'), { timeout: 120_000 }).toBe('true');
    expect(await page.getByTestId('sweep-table').locator('tbody tr').count()).toBe(2);
  }, 240_000);
});
