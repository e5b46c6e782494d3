// Starts the workbench: opens the workspace as the data directory's owner (a second server on it
// is refused), builds the app and listens. Resolves once the server is listening, with its URL;
// a busy port is named with a hint; a host that is not loopback is warned about (no authentication).
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { openWorkspace } from './workspace.ts';

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const workspace = openWorkspace(config.dataDir, { maxUploadBytes: config.maxUploadBytes, onProgress: log, role: 'server' });
  if (!isLoopback(config.host)) {
    log(`WARNING: listening on ${config.host}, which is not a loopback address: anyone who can reach this machine can use the workbench (there is no authentication). Use --host 127.0.0.1 unless you mean it.`);
  }
  const app = createApp({ config, workspace, webDist: WEB_DIST });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      workspace.lock?.update(`server at http://${host}:${info.port}`);
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => void workspace.close().then(done));
          }),
      });
    });
    server.on('error', (err: NodeJS.ErrnoException) => {
      const named = err.code === 'EADDRINUSE' ? new Error(`port ${config.port} on ${config.host} is already in use: choose another with --port (or --port 0 for any free one)`) : err;
      void workspace.close().then(() => reject(named));
    });
  });
}

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
