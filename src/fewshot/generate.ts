// The model's continuation of a prompt, with the usual sampling controls (temperature, top-k,
// top-p, seed; src/models/gpt/sampling.ts), stopping at the prompt's separator, end-of-text or a
// token budget. Uses the model's KV-cache session when it has one. Leaves out beam search.
// Reference: Holtzman et al. 2020 (nucleus sampling); Brown et al. 2020 (stop at the separator).
import { Rng } from '../nn/random.ts';
import { checkSamplingOptions, pickToken, type SamplingOptions } from '../models/gpt/sampling.ts';
import { FewshotError, throwIfStopped, type CausalLm, type StopSignal, type TextCodec } from './lm.ts';

export interface ContinueOptions extends SamplingOptions {
  maxNewTokens: number;
  seed?: number;
  /** Stop once the continuation contains this text (the prompt's separator); '' never stops. */
  stop?: string;
  signal?: StopSignal;
}

export interface Continuation {
  /** The continuation, cut before the stop text. */
  text: string;
  /** Every id generated (including those of the stop text). */
  ids: number[];
  reason: 'stop' | 'end-of-text' | 'length';
}

/** Logits after each new token: the model's session, or the whole window rerun per token. */
async function stepper(lm: CausalLm, prompt: readonly number[]) {
  if (lm.session) {
    const s = await lm.session(prompt);
    return { first: s.logits, next: (id: number) => s.push(id), done: () => s.dispose() };
  }
  const ids = [...prompt];
  const last = async () => (await lm.run({ ids: ids.slice(-lm.contextLength) })).logits;
  return {
    first: await last(),
    next: (id: number) => {
      ids.push(id);
      return last();
    },
    done: () => {},
  };
}

export async function continuePrompt(lm: CausalLm, codec: TextCodec, prompt: readonly number[], opts: ContinueOptions): Promise<Continuation> {
  checkSamplingOptions(opts);
  if (!(Number.isInteger(opts.maxNewTokens) && opts.maxNewTokens >= 0)) throw new FewshotError(`max new tokens must be a whole number ≥ 0, got ${opts.maxNewTokens}`);
  if (prompt.length === 0) throw new FewshotError('the prompt is empty: give the model at least one token to continue');
  const rng = new Rng(opts.seed ?? 0);
  const stop = opts.stop ?? '';
  const ids: number[] = [];
  if (opts.maxNewTokens === 0) return { text: '', ids, reason: 'length' };
  const s = await stepper(lm, prompt);
  try {
    let logits = s.first;
    for (;;) {
      throwIfStopped(opts.signal);
      const id = pickToken(logits, opts, rng);
      ids.push(id);
      if (id === codec.endOfText) return { text: codec.decode(ids.slice(0, -1)), ids, reason: 'end-of-text' };
      const text = codec.decode(ids);
      const at = stop ? text.indexOf(stop) : -1;
      if (at >= 0) return { text: text.slice(0, at), ids, reason: 'stop' };
      if (ids.length >= opts.maxNewTokens) return { text, ids, reason: 'length' };
      logits = await s.next(id);
    }
  } finally {
    s.done();
  }
}
