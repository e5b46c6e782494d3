// Errors a user can act on, and the one rule that turns any error into an HTTP answer: a
// UserError carries its status; the library's domain errors (a bad tokenizer.json, model config,
// training recipe, word2vec setting, safetensors file, pretrained folder, few-shot prompt, split)
// are 400; a full disk 507 and a busy database 503; anything else is a bug and answers 500 without
// internals. The CLI prints the same messages.
import { HTTPException } from 'hono/http-exception';
import { TokenizerError } from '../src/tokenizers/errors.ts';
import { GptConfigError } from '../src/models/gpt/config.ts';
import { TrainConfigError } from '../src/training/gpt-train-config.ts';
import { Word2VecError } from '../src/models/word2vec/vocab.ts';
import { SafetensorsError } from '../src/tensor/safetensors.ts';
import { BertConfigError } from '../src/models/bert/config.ts';
import { LlamaConfigError } from '../src/models/llama/config.ts';
import { PretrainedError } from '../src/pretrained/folder.ts';
import { FewshotError } from '../src/fewshot/lm.ts';
import { SplitError } from '../src/data/stratified-split.ts';

export type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 415 | 422 | 503 | 507;

export class UserError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The library's errors about what it was given; a new one is added here, nowhere else. */
const DOMAIN_ERRORS = [TokenizerError, GptConfigError, TrainConfigError, Word2VecError, SafetensorsError, BertConfigError, LlamaConfigError, PretrainedError, FewshotError, SplitError];

/** The status and message to answer an error with; null: a bug (answer 500, log it). */
export function httpErrorOf(err: unknown): { status: ErrorStatus | HTTPException['status']; message: string } | null {
  if (err instanceof UserError) return { status: err.status, message: err.message };
  if (err instanceof HTTPException) return { status: err.status, message: err.message };
  if (DOMAIN_ERRORS.some((E) => err instanceof E)) return { status: 400, message: (err as Error).message };
  return resourceError(err);
}

/** A full disk (507) or a database another process holds locked (503): the machine's state, not a bug. */
function resourceError(err: unknown): { status: 503 | 507; message: string } | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return { status: 507, message: 'the disk is full: nothing was saved; free some space and try again' };
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return { status: 503, message: 'the database is busy (another process holds its write lock): try again in a moment' };
  return null;
}

/**
 * Runs library code on a user's input (a prompt, a text, an uploaded folder): whatever it
 * throws is about that input, so it becomes a 400 with `what` in front of the message.
 */
export async function onUserInput<T>(what: string, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(400, `${what}${err instanceof Error ? err.message : String(err)}`);
  }
}
