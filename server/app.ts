// The Hono app: security guard, body limits, every feature's routes mounted from the feature
// table under /api, errors answered one way (errors.ts), and the built web app.
// Tests drive it with `app.request()`; main.ts serves it over HTTP.
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { Workspace } from './workspace.ts';
import { httpErrorOf } from './errors.ts';
import { allowedHostNames, hostAndOriginGuard } from './security.ts';
import { bodyLimits } from './http/uploads.ts';
import { features, uploadLimits } from './features/table.ts';

export interface AppOptions {
  config: Pick<Config, 'host' | 'allowedHosts'>;
  workspace: Workspace;
  /** Folder of the built web app; not served when absent. */
  webDist?: string;
}

export function createApp({ config, workspace, webDist }: AppOptions): Hono {
  const app = new Hono();
  app.use('*', hostAndOriginGuard(allowedHostNames(config.host, config.allowedHosts)));

  const api = new Hono();
  api.use('*', bodyLimits(uploadLimits(workspace)));
  for (const f of features) api.route(f.path, f.routes(workspace));
  api.all('*', (c) => c.json({ error: `no API route ${c.req.method} ${c.req.path}` }, 404));
  app.route('/api', api);

  if (webDist && existsSync(join(webDist, 'index.html'))) {
    app.use('/*', serveStatic({ root: webDist }));
    app.get('/*', serveStatic({ root: webDist, path: 'index.html' }));
  }

  app.onError((err, c) => {
    const known = httpErrorOf(err);
    if (known) return c.json({ error: known.message }, known.status);
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
