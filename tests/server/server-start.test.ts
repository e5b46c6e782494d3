// Starting the server: a busy port is named with a hint about --port, and which hosts count as
// loopback for the warning printed when the server listens beyond this machine.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isLoopback, startServer } from '../../server/main.ts';
import { tempDir } from './helpers.ts';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = (dataDir: string, port: number, host = '127.0.0.1') => ({ host, port, dataDir, maxUploadBytes: 1 << 20, allowedHosts: [] });

describe('server start', () => {
  it('names a busy port and suggests --port', async () => {
    const first = await startServer(config(join(dir, 'a'), 0), () => {});
    const port = Number(new URL(first.url).port);
    try {
      await expect(startServer(config(join(dir, 'b'), port), () => {})).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use: choose another with --port`);
    } finally {
      await first.close();
    }
  }, 120_000);

  it('tells loopback hosts from the others', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.4', 'example.com', '127.0.0.1.example.com']) expect(isLoopback(h), h).toBe(false);
  });
});
