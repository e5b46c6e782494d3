// Starts the workbench: opens the workspace (materializing bundled corpora on first run),
// builds the app and listens. Resolves once the server is listening, with its URL.
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
  const workspace = openWorkspace(config.dataDir, { maxUploadBytes: config.maxUploadBytes, onProgress: log });
  const app = createApp({ config, workspace, webDist: WEB_DIST });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => void workspace.close().then(done));
          }),
      });
    });
    server.on('error', (err) => void workspace.close().then(() => reject(err)));
  });
}
