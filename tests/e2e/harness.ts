// End-to-end harness: the real `lmw serve` on a free port with a temp data dir, and Debian's
// Chromium driven by playwright-core, with WebGPU on SwiftShader (no GPU needed).
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tempDir } from '../server/helpers.ts';

export const CHROMIUM = process.env.LMW_CHROMIUM ?? '/usr/bin/chromium';

export interface E2eServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export function startServer(): Promise<E2eServer> {
  const dataDir = tempDir('lmw-e2e-');
  const child: ChildProcess = spawn('node', ['bin/lmw.js', 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        dataDir,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => {
              rmSync(dataDir, { recursive: true, force: true });
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Chromium with WebGPU on SwiftShader, or (webgpu: false) with WebGPU off, as on a browser without it. */
export function launchBrowser(webgpu = true): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      ...(webgpu ? ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'] : ['--disable-features=WebGPU,Vulkan']),
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenApp {
  server: E2eServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** A fresh server and browser with one page open at `hash` (e.g. `#/corpora`). */
export async function openApp(hash: string, opts: { webgpu?: boolean } = {}): Promise<OpenApp> {
  const server = await startServer();
  const browser = await launchBrowser(opts.webgpu ?? true);
  const page = await browser.newPage();
  await page.goto(`${server.url}/${hash}`);
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * The app at `hash`, opened before a test file's tests and closed after them: a file calls it
 * once at its top and reads `app.page` (and `app.server`) inside its tests.
 */
export function appForFile(hash: string, opts: { webgpu?: boolean } = {}): OpenApp {
  let opened: OpenApp | undefined;
  beforeAll(async () => {
    opened = await openApp(hash, opts);
  });
  afterAll(() => opened?.close());
  const open = (): OpenApp => {
    if (!opened) throw new Error(`the app at ${hash} is not open: its beforeAll did not run or failed`);
    return opened;
  };
  return {
    get server() {
      return open().server;
    },
    get browser() {
      return open().browser;
    },
    get page() {
      return open().page;
    },
    close: () => open().close(),
  };
}
