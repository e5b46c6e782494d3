// Server settings: command-line flags win over environment variables, which win over defaults.
// Defaults are the embedded ones: 127.0.0.1:8787, data under ./data, 50 MB uploads.
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  maxUploadBytes: number;
  /** Extra host names accepted in the Host header (e.g. a reverse proxy's). */
  allowedHosts: string[];
}

export interface ConfigFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
  maxUploadMb?: string | number;
}

function positiveNumber(value: string | number, what: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${what} must be a non-negative number, got ${JSON.stringify(value)}`);
  return n;
}

export function resolveConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = positiveNumber(flags.port ?? env.LMW_PORT ?? 8787, 'port');
  if (!Number.isInteger(port) || port > 65535) throw new Error(`port must be an integer from 0 to 65535, got ${port}`);
  const mb = positiveNumber(flags.maxUploadMb ?? env.LMW_MAX_UPLOAD_MB ?? 50, 'max upload size (MB)');
  return {
    host: flags.host ?? env.LMW_HOST ?? '127.0.0.1',
    port,
    dataDir: resolve(flags.dataDir ?? env.LMW_DATA_DIR ?? 'data'),
    maxUploadBytes: Math.floor(mb * 1024 * 1024),
    allowedHosts: (env.LMW_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
  };
}
