// Four test projects: `unit` (src, server, corpora: fast, no GPU, no browser), `web` (the web
// app's state classes, runes compiled for the browser, in happy-dom), `gpu` (WebGPU on Dawn,
// SwiftShader where there is no GPU), `e2e` (the built app in headless Chromium).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/src/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/corpora/**/*.test.ts', 'tests/fuzz/**/*.test.ts'],
          environment: 'node',
          // Generous: the suite must pass on a 2-core machine with other work running beside it.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'web',
          include: ['tests/web/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'gpu',
          include: ['tests/gpu/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
