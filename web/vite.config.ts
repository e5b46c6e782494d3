// Vite build of the web app: root is web/, output web/dist, which the Hono server serves.
// Paths resolve from this file, so the config works from any cwd (npm scripts, lmw serve).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte()],
  // GPT-2's ranks (about 1 MB) are one lazily loaded chunk on purpose.
  build: { outDir: fileURLToPath(new URL('./dist', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
