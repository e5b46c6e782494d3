// Reading a request with the contract's schemas: JSON bodies (application/json only), path ids
// and query strings, each failure a 400 whose message names the field (`invalid field "train.lr": …`).
import type { Context } from 'hono';
import type { z } from 'zod';
import { describeIssue, idSchema } from '../../src/contract/common.ts';
import { UserError } from '../errors.ts';

export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new UserError(400, describeIssue(result.error));
}

/**
 * The JSON body checked against `schema`. It must be sent as application/json: a cross-site
 * form or `text/plain` fetch (a "simple" request, no CORS preflight) cannot send that.
 */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new UserError(415, `expected a JSON body sent as Content-Type: application/json, got ${type ? `"${type}"` : 'none'}`);
  let data: unknown;
  try {
    data = await c.req.json();
  } catch {
    throw new UserError(400, 'invalid field "body": expected a JSON object');
  }
  return parseOrThrow(schema, data);
}

/** A path parameter that must be an id (`:id` unless named). */
export function idParam(c: Context, name = 'id'): string {
  const value = c.req.param(name);
  const result = idSchema.safeParse(value);
  if (!result.success) throw new UserError(400, `invalid field "${name}": not an id`);
  return result.data;
}

/** The query string checked against `schema`. */
export function query<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  return parseOrThrow(schema, c.req.query());
}
