// Schemas every part of the API shares: ids, names, the error body, and the one rule that turns
// a failed parse into a message naming the field. Pure (zod only): the server, the CLI and the
// web import it. Leaves out HTTP status codes (server/http/errors.ts maps errors to them).
import { z } from 'zod';

/** Ids the server generates (`c-…`, `t-…`, `gpt-…`, `w2v-…`, `j-…`) and bundled corpus ids. */
export const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not an id');

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

/** A name a user gives a corpus, tokenizer, vector set or run. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine(noControl, 'must not contain control characters');

/** Every non-2xx answer of the API. */
export const errorBodySchema = z.object({ error: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The first problem of a failed parse as `invalid field "a.b": message`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `invalid field "${field}": ${issue.message}`;
}

/** An upload's bytes as base64 text inside a JSON body. */
export const base64Schema = z.string().min(1, 'must not be empty').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
