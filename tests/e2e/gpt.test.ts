// The GPT and Attention pages in headless Chromium: a tiny GPT trains in the browser on WebGPU
// (SwiftShader here, asked for by name), its loss falls and a sample appears, the run is saved
// to the server and listed, the model kept in the tab generates text, and the Attention page
// shows its layers × heads grid and one head large.
import { describe, expect, it } from 'vitest';
import { appForFile } from './harness.ts';

const app = appForFile('#/gpt');

describe('GPT page', () => {
  it('trains a tiny GPT in the browser on WebGPU, then shows its attention', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('gpt-corpus').inputValue(), { timeout: 30_000 }).toBe('brown');
    await page.getByTestId('gpt-name').fill('tiny in the browser');
    for (const [id, v] of [['gpt-nLayer', '1'], ['gpt-nHead', '2'], ['gpt-nEmbd', '16'], ['gpt-contextLength', '16'], ['gpt-steps', '60'], ['gpt-batchSize', '8'], ['gpt-evalEvery', '30'], ['gpt-lr', '0.01'], ['gpt-warmupSteps', '0']] as const) {
      await page.getByTestId(id).fill(v);
    }
    await page.getByTestId('gpt-place').selectOption('browser');
    await page.getByTestId('gpt-backend-choice').selectOption('webgpu'); // SwiftShader is a CPU adapter: `auto` would take wasm
    await page.getByTestId('gpt-train').click();
    await expect.poll(() => page.getByTestId('gpt-run-row').count(), { timeout: 150_000 }).toBe(1);
    expect(await page.getByTestId('gpt-error').count()).toBe(0);
    expect(await page.getByTestId('gpt-backend').textContent()).toMatch(/this browser: webgpu: .*swiftshader/i);
    expect(await page.getByTestId('gpt-step').textContent()).toBe('60');
    const first = Number(await page.getByTestId('gpt-first-loss').textContent());
    const last = Number(await page.getByTestId('gpt-loss').textContent());
    expect(first).toBeGreaterThan(3);
    expect(last).toBeLessThan(first - 0.5);
    expect(Number(await page.getByTestId('gpt-val-loss').textContent())).toBeGreaterThan(0);
    expect((await page.getByTestId('gpt-sample').textContent())!.length).toBeGreaterThan(20);
    expect(await page.getByTestId('gpt-run-row').first().textContent()).toMatch(/tiny in the browser.*60 \/ 60.*browser.*done/s);

    expect(await page.getByTestId('gen-model').inputValue()).toBe('tab');
    await page.getByTestId('gen-prompt').fill('The ');
    await page.getByTestId('gen-run').click();
    await expect.poll(async () => (await page.getByTestId('gen-output').textContent())?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(50);

    await page.goto(`${app.server.url}/#/attention`);
    await page.getByTestId('attention-text').fill('The jury said it.');
    await expect.poll(() => page.getByTestId('attention-model').locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByTestId('attention-show').click();
    await expect.poll(() => page.getByTestId('attention-cell').count(), { timeout: 30_000 }).toBe(2);
    await page.getByTestId('attention-cell').nth(1).click();
    const map = page.getByTestId('attention-map');
    const box = (await map.boundingBox())!;
    await map.hover({ position: { x: 3, y: box.height - 3 } }); // the last query (the text is cut at the context of 16), the first key
    expect(await page.getByTestId('attention-hover').textContent()).toMatch(/^"t" \(15\) → "T" \(0\): [01]\.\d{4}$/);
    expect(await page.getByTestId('attention-head-view').locator('line').count()).toBeGreaterThan(0);
  });
});
