// Safe defaults against DNS rebinding and CSRF: the Host header must name this server (loopback
// names, the address it listens on, or an explicitly allowed host); a request that changes state
// must come from this server's own origin (scheme, host and port: a page on another localhost port
// is another origin) and carry its body as JSON, a multipart upload or raw bytes — never as the
// text/plain or form-encoded body a no-cors "simple" request can send. See OWASP's CSRF cheat sheet.
import type { MiddlewareHandler } from 'hono';
import { networkInterfaces } from 'node:os';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_TYPES = ['application/json', 'multipart/form-data', 'application/octet-stream'];

/** Host names (without port) this server answers to. */
export function allowedHostNames(listenHost: string, extra: string[] = []): Set<string> {
  const names = new Set([...LOOPBACK, ...extra.map((h) => h.toLowerCase())]);
  const host = listenHost.toLowerCase();
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
    }
  } else {
    names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  }
  return names;
}

/** The host name of a `host[:port]` authority, lower-cased, brackets kept for IPv6. */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith('[')) return a.slice(0, a.indexOf(']') + 1);
  const colon = a.lastIndexOf(':');
  return colon === -1 ? a : a.slice(0, colon);
}

export function hostAndOriginGuard(allowed: Set<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!allowed.has(hostName(host))) {
      return c.json({ error: `host "${host}" is not allowed: open the workbench through its own address` }, 403);
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== 'null') {
        let from: URL;
        try {
          from = new URL(origin);
        } catch {
          return c.json({ error: `malformed Origin header "${origin}"` }, 403);
        }
        if ((from.protocol !== 'http:' && from.protocol !== 'https:') || from.host !== host.trim().toLowerCase()) {
          return c.json({ error: `cross-origin request from "${origin}" refused: only pages served by this server (${host}) may change its state` }, 403);
        }
      } else if (origin === 'null' || c.req.header('sec-fetch-site') === 'cross-site') {
        return c.json({ error: 'cross-site request refused' }, 403);
      }
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
      if (hasBody && !BODY_TYPES.includes(type)) {
        return c.json({ error: `a request body must be sent as application/json (or a multipart upload), not ${type === '' ? 'without a Content-Type' : `as ${type}`}` }, 415);
      }
    }
    return next();
  };
}
