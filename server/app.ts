// The Hono app: security guard, the /api route modules, JSON errors, and the built web app.
// Tests drive it with `app.request()`; main.ts serves it over HTTP.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { Workspace } from './workspace.ts';
import { UserError } from './errors.ts';
import { TokenizerError } from '../src/tokenizers/errors.ts';
import { allowedHostNames, hostAndOriginGuard } from './security.ts';
import { healthRoutes } from './routes/health.ts';
import { corporaRoutes } from './routes/corpora.ts';
import { jobsRoutes } from './routes/jobs.ts';
import { tokenizeRoutes, tokenizersRoutes } from './routes/tokenizers.ts';
import { gptRoutes } from './routes/gpt.ts';
import { embeddingsRoutes } from './routes/embeddings.ts';

/** Default limit for JSON bodies; uploads set their own. */
const JSON_BODY_LIMIT = 1024 * 1024;

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
  api.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/corpora') && c.req.method === 'POST') return next();
    if ((c.req.path === '/api/gpt/runs/import' || c.req.path === '/api/embeddings/vectors/import') && c.req.method === 'POST') return next(); // their own, larger limits
    return bodyLimit({
      maxSize: JSON_BODY_LIMIT,
      onError: (cx) => cx.json({ error: `request body is over the limit of ${JSON_BODY_LIMIT} bytes` }, 413),
    })(c, next);
  });
  api.route('/health', healthRoutes());
  api.route('/corpora', corporaRoutes(workspace.corpora));
  api.route('/jobs', jobsRoutes(workspace.jobs));
  api.route('/tokenizers', tokenizersRoutes(workspace));
  api.route('/gpt', gptRoutes(workspace));
  api.route('/embeddings', embeddingsRoutes(workspace));
  api.route('/', tokenizeRoutes(workspace));
  api.all('*', (c) => c.json({ error: `no API route ${c.req.method} ${c.req.path}` }, 404));
  app.route('/api', api);

  if (webDist && existsSync(join(webDist, 'index.html'))) {
    app.use('/*', serveStatic({ root: webDist }));
    app.get('/*', serveStatic({ root: webDist, path: 'index.html' }));
  }

  app.onError((err, c) => {
    if (err instanceof UserError) return c.json({ error: err.message }, err.status);
    if (err instanceof TokenizerError) return c.json({ error: err.message }, 400);
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
