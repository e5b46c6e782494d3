// Request validation with zod: a failed parse answers 400 with a message that names the field.
import type { z } from 'zod';
import { UserError } from './errors.ts';

export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new UserError(400, `invalid field "${field}": ${issue.message}`);
}
