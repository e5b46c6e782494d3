// Uploads: the body-size limits (JSON routes get 1 MB; upload routes name their own in the
// feature table) and base64 file fields decoded once. Reference: hono/body-limit.
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';

/** Default limit for JSON bodies. */
export const JSON_BODY_LIMIT = 1024 * 1024;

const describe = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : `${bytes} bytes`);

/** One body limit per request: the upload route's own (`METHOD /api/path` → bytes), else the JSON limit. */
export function bodyLimits(uploads: Map<string, number>): MiddlewareHandler {
  return (c, next) => {
    const maxSize = uploads.get(`${c.req.method} ${c.req.path.replace(/\/+$/, '')}`) ?? JSON_BODY_LIMIT;
    return bodyLimit({ maxSize, onError: (cx) => cx.json({ error: `request body is over the limit of ${describe(maxSize)}` }, 413) })(c, next);
  };
}

/** Base64 text (already checked by the contract's base64Schema) as bytes. */
export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
