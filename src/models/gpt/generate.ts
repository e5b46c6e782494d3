// Autoregressive generation with a KV cache: the prompt is run once (prefill), then each new
// token runs alone through the model, attending to the cached keys and values — O(T) per token.
// When the context fills up, the cache restarts from the last half of the context (so a long
// generation keeps going). Temperature 0 is greedy; stops at end-of-text when the vocabulary has one.
import { fromArray, noGrad, scope } from '../../tensor/tensor.ts';
import { slice } from '../../tensor/ops/slice.ts';
import { Rng } from '../../nn/random.ts';
import type { TokenCodec } from '../../tokenizers/codec.ts';
import type { Backend } from '../../tensor/backend.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { KvCache } from './kv-cache.ts';
import { checkSamplingOptions, pickToken, type SamplingOptions } from './sampling.ts';

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
  seed?: number;
  /** Stop when the model emits end-of-text (default true). */
  stopAtEndOfText?: boolean;
  /** Use the KV cache (default true); false reruns the whole window per token (for tests and teaching). */
  useCache?: boolean;
  /** Called with each new token id as it is chosen. */
  onToken?: (id: number) => void;
}

/** What generation needs of a decoder: the GPT and the Llama (models/llama) both are one. */
export interface Decoder {
  readonly backend: Backend;
  readonly config: { readonly contextLength: number; readonly vocabSize: number };
  readonly training: boolean;
  eval(): unknown;
  train(on?: boolean): unknown;
  forward(ids: Tensor, targets?: Tensor, opts?: { cache?: KvCache }): { logits: Tensor };
  newCache(): KvCache;
}

/** Logits (V) of the last position after feeding `ids` (appending to the cache when given). */
async function lastLogits(model: Decoder, ids: ArrayLike<number>, cache: KvCache | undefined): Promise<Float32Array> {
  const out = scope(() =>
    noGrad(() => {
      const x = fromArray(model.backend, Int32Array.from(ids), [1, ids.length], 'int32');
      const { logits } = model.forward(x, undefined, { cache });
      return slice(logits, [0, ids.length - 1, 0], [1, 1, model.config.vocabSize]);
    }),
  );
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** New token ids after `prompt` (not including it). */
export async function generateIds(model: Decoder, prompt: ArrayLike<number>, opts: GenerateOptions, endOfText: number | null = null): Promise<number[]> {
  checkSamplingOptions(opts);
  if (!(Number.isInteger(opts.maxNewTokens) && opts.maxNewTokens >= 0)) throw new Error(`max new tokens must be a whole number ≥ 0, got ${opts.maxNewTokens}`);
  if (prompt.length === 0) throw new Error('the prompt is empty: give the model at least one token to continue');
  const T = model.config.contextLength;
  const rng = new Rng(opts.seed ?? 0);
  const wasTraining = model.training;
  model.eval();
  const ids = Array.from(prompt);
  const out: number[] = [];
  const useCache = opts.useCache ?? true;
  let cache = useCache ? model.newCache() : undefined;
  try {
    let logits = await lastLogits(model, ids.slice(-T), cache);
    while (out.length < opts.maxNewTokens) {
      const id = pickToken(logits, opts, rng);
      out.push(id);
      ids.push(id);
      opts.onToken?.(id);
      if ((opts.stopAtEndOfText ?? true) && id === endOfText) break;
      if (out.length === opts.maxNewTokens) break;
      if (!cache) logits = await lastLogits(model, ids.slice(-T), undefined);
      else if (cache.length < T) logits = await lastLogits(model, [id], cache);
      else {
        cache.dispose();
        cache = model.newCache();
        logits = await lastLogits(model, ids.slice(-Math.ceil(T / 2)), cache);
      }
    }
  } finally {
    cache?.dispose();
    model.train(wasTraining);
  }
  return out;
}

/** Generates text after a prompt: { text (the continuation only), ids }. */
export async function generate(model: Decoder, codec: TokenCodec, prompt: string, opts: GenerateOptions): Promise<{ text: string; ids: number[] }> {
  const promptIds = prompt.length > 0 ? codec.encode(prompt) : codec.endOfText !== null ? [codec.endOfText] : [];
  const ids = await generateIds(model, promptIds, opts, codec.endOfText);
  const shown = ids.at(-1) === codec.endOfText ? ids.slice(0, -1) : ids;
  return { text: codec.decode(shown), ids };
}
