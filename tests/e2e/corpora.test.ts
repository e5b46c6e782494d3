// The Corpora page in a real browser against the real server: bundled corpora listed, an
// upload with stats and a chart, a bad upload's message, and the WebGPU badge.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appForFile } from './harness.ts';

const app = appForFile('#/corpora');

describe('Corpora page', () => {
  it('shows a WebGPU badge with an adapter', async () => {
    const { page } = app;
    const badge = page.getByTestId('webgpu-badge');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect((await badge.textContent())?.toLowerCase()).toContain('swiftshader');
  });

  it('lists the bundled corpora', async () => {
    const { page } = app;
    const rows = page.getByTestId('corpus-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(ids).toEqual(expect.arrayContaining(['bpe-classic', 'brown', 'spam-assassin']));
  });

  it('uploads a corpus and shows its statistics and word-frequency chart', async () => {
    const { page, server } = app;
    const file = join(server.dataDir, 'fox.txt');
    writeFileSync(file, 'the quick brown fox\njumps over the lazy dog\nthe end\n');
    await page.getByTestId('upload-file').setInputFiles(file);
    await page.getByTestId('upload-name').fill('Fox sentences');
    await page.getByTestId('upload-submit').click();
    const detail = page.getByTestId('corpus-detail');
    await expect.poll(() => detail.textContent(), { timeout: 30_000 }).toContain('Fox sentences');
    expect(await page.getByTestId('stat-lines').textContent()).toContain('3');
    expect(await page.getByTestId('stat-words').textContent()).toContain('11');
    expect(await page.getByTestId('stat-unique').textContent()).toContain('9');
    expect(await page.getByTestId('stat-bytes').textContent()).toContain('52');
    expect(await page.getByTestId('corpus-preview').textContent()).toContain('jumps over the lazy dog');
    const chart = page.getByTestId('word-chart');
    await expect.poll(() => chart.evaluate((el) => el.closest('[data-ready]')?.getAttribute('data-ready')), { timeout: 30_000 }).toBe('true');
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(100);
    const rowIds = await page.getByTestId('corpus-row').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(rowIds.some((t) => t.includes('Fox sentences'))).toBe(true);
  });

  it('writes a size over 1 KB as "N bytes (x KB)", with the space', async () => {
    const { page, server } = app;
    const file = join(server.dataDir, 'long.txt');
    writeFileSync(file, 'a long line of words to pass one kilobyte\n'.repeat(40));
    await page.getByTestId('upload-file').setInputFiles(file);
    await page.getByTestId('upload-name').fill('Long text');
    await page.getByTestId('upload-submit').click();
    await expect.poll(() => page.getByTestId('corpus-detail').textContent(), { timeout: 30_000 }).toContain('Long text');
    expect(await page.getByTestId('stat-bytes').textContent()).toMatch(/^1,680 bytes \([\d.]+ KB\)$/);
  });

  it('shows the server message for a bad upload', async () => {
    const { page, server } = app;
    const file = join(server.dataDir, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await page.getByTestId('upload-file').setInputFiles(file);
    await page.getByTestId('upload-name').fill('Latin-1 text');
    await page.getByTestId('upload-submit').click();
    await expect
      .poll(() => page.getByTestId('upload-error').textContent(), { timeout: 30_000 })
      .toContain('not valid UTF-8: invalid byte sequence at offset 3');
  });
});
