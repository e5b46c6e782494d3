// GET /api/health: version, uptime and the compute backends this machine has.
import { Hono } from 'hono';
import { probeWebGpu } from '../../gpu/probe.ts';
import { VERSION } from '../../version.ts';
import type { Health } from '../../../src/contract/health.ts';

const started = Date.now();

export function healthRoutes(): Hono {
  return new Hono().get('/', async (c) => {
    const webgpu = await probeWebGpu();
    const health: Health = {
      name: 'lm-workbench',
      version: VERSION,
      uptimeSeconds: (Date.now() - started) / 1000,
      node: process.version,
      backends: [
        { name: 'cpu', available: true },
        { name: 'webgpu', ...webgpu },
      ],
    };
    return c.json(health);
  });
}
