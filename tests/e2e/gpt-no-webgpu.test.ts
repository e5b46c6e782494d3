// The GPT page in a Chromium without WebGPU: a form that cannot train says why (in the library's
// words) and will not start; training falls back to the wasm SIMD backend in the worker, says
// so, and still trains (the loss falls).
import { describe, expect, it } from 'vitest';
import { appForFile } from './harness.ts';

const app = appForFile('#/gpt', { webgpu: false });

describe('GPT page without WebGPU', () => {
  it('trains on the wasm backend and says so', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('gpt-corpus').inputValue(), { timeout: 30_000 }).toBe('brown');
    for (const [id, v] of [['gpt-nLayer', '1'], ['gpt-nHead', '2'], ['gpt-nEmbd', '16'], ['gpt-contextLength', '16'], ['gpt-steps', '40'], ['gpt-batchSize', '8'], ['gpt-evalEvery', '40'], ['gpt-lr', '0.01'], ['gpt-warmupSteps', '0']] as const) {
      await page.getByTestId(id).fill(v);
    }
    await page.getByTestId('gpt-nHead').fill('3');
    expect(await page.getByTestId('gpt-problem').textContent()).toBe('invalid field "model": nEmbd (16) must be divisible by nHead (3)');
    expect(await page.getByTestId('gpt-train').isDisabled()).toBe(true);
    await page.getByTestId('gpt-nHead').fill('2');
    expect(await page.getByTestId('gpt-problem').count()).toBe(0);
    await page.getByTestId('gpt-train').click();
    await expect.poll(() => page.getByTestId('gpt-run-row').count(), { timeout: 120_000 }).toBe(1);
    expect(await page.getByTestId('gpt-backend').textContent()).toMatch(/this browser: wasm \(SIMD on the CPU\)/);
    expect(await page.getByTestId('gpt-note').textContent()).toMatch(/no WebGPU adapter/);
    const first = Number(await page.getByTestId('gpt-first-loss').textContent());
    expect(Number(await page.getByTestId('gpt-loss').textContent())).toBeLessThan(first - 0.5);
  });
});
