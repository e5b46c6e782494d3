// The engine's own browser check: the Engine page trains the MLP in headless Chromium on WebGPU
// (SwiftShader here, asked for by name) and the loss falls; on `auto` it takes wasm instead.
import { describe, expect, it } from 'vitest';
import { appForFile } from './harness.ts';

const app = appForFile('#/engine');

describe('Engine page', () => {
  it('trains an MLP on WebGPU in the browser and the loss falls', async () => {
    const { page } = app;
    await page.getByTestId('engine-steps').fill('80');
    await page.getByTestId('engine-backend-choice').selectOption('webgpu'); // SwiftShader: only when asked
    await page.getByTestId('engine-run').click();
    await expect.poll(() => page.getByTestId('engine-accuracy').count(), { timeout: 120_000 }).toBe(1);
    expect(await page.getByTestId('engine-backend').textContent()).toMatch(/^webgpu: .*swiftshader/i);
    expect(await page.getByTestId('engine-step').textContent()).toBe('80');
    const first = Number(await page.getByTestId('engine-first-loss').textContent());
    const last = Number(await page.getByTestId('engine-loss').textContent());
    expect(first).toBeGreaterThan(0.5);
    expect(last).toBeLessThan(first / 2);
    expect(parseFloat((await page.getByTestId('engine-accuracy').textContent())!)).toBeGreaterThan(80);
  });

  it('on `auto` takes wasm, not the CPU WebGPU adapter, and says why', async () => {
    const { page } = app;
    await page.getByTestId('engine-steps').fill('40');
    await page.getByTestId('engine-backend-choice').selectOption('auto');
    await page.getByTestId('engine-run').click();
    await expect.poll(() => page.getByTestId('engine-step').textContent(), { timeout: 60_000 }).toBe('40');
    await expect.poll(() => page.getByTestId('engine-run').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('engine-backend').textContent()).toMatch(/^wasm \(SIMD on the CPU\) \(the only WebGPU adapter \(.*swiftshader.*\) runs on the CPU/i);
  });
});
