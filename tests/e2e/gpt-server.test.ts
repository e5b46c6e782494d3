// The GPT page training on the server: the recipe's optimizer settings reach the run as named
// on the form, progress streams over SSE, the Stop button stops the job through the one stop
// endpoint (a checkpoint is kept), and Resume continues the same run from its step.
import { describe, expect, it } from 'vitest';
import type { GptRunSummary } from '../../src/contract/index.ts';
import { appForFile } from './harness.ts';

const app = appForFile('#/gpt');

const step = async () => Number(await app.page.getByTestId('gpt-step').textContent());
const runs = async () => ((await (await fetch(`${app.server.url}/api/gpt/runs`)).json()) as { runs: GptRunSummary[] }).runs;

describe('GPT page, training on the server', () => {
  it('trains with the optimizer as set, stops through the job, and resumes', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('gpt-corpus').inputValue(), { timeout: 30_000 }).toBe('brown');
    await page.getByTestId('gpt-name').fill('on the server');
    const fields = [['gpt-nLayer', '1'], ['gpt-nHead', '2'], ['gpt-nEmbd', '16'], ['gpt-contextLength', '16'], ['gpt-steps', '5000'], ['gpt-batchSize', '4'], ['gpt-evalEvery', '20'], ['gpt-lr', '0.02']] as const;
    for (const [id, v] of fields) await page.getByTestId(id).fill(v);
    await page.getByTestId('gpt-optimizer').selectOption('sgd-momentum');
    await page.getByTestId('gpt-momentum').fill('0.8');
    await page.getByTestId('gpt-place').selectOption('server');
    await page.getByTestId('gpt-train').click();

    await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(25);
    expect(await page.getByTestId('gpt-backend').textContent()).toMatch(/^server: /);
    const [run] = await runs();
    expect(run!.train).toMatchObject({ optimizer: 'sgd-momentum', momentum: 0.8, lr: 0.02, steps: 5000, minLr: 0.002 });

    await page.getByTestId('gpt-stop').click();
    await expect.poll(() => page.getByTestId('gpt-train').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await runs())[0]!.status, { timeout: 30_000 }).toBe('stopped');
    const stoppedAt = (await runs())[0]!.stepsDone;
    expect(stoppedAt).toBeGreaterThan(25);
    expect(await page.getByTestId('gpt-error').count()).toBe(0);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(stoppedAt + 5);
    expect(Number(await page.getByTestId('gpt-first-loss').textContent())).toBeGreaterThan(0);
    await page.getByTestId('gpt-stop').click();
    await expect.poll(async () => (await runs())[0]!.status, { timeout: 60_000 }).toBe('stopped');
    expect((await runs())[0]!.stepsDone).toBeGreaterThan(stoppedAt);
    expect(await page.getByTestId('gpt-run-row').count()).toBe(1);
  });
});
