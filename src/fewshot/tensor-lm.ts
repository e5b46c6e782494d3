// The adapter from an engine decoder (our GPT, the Llama, or any model with their forward signature:
// `forward(ids, targets?, { attention, cache })` → `{ logits, attention | attentions }`) to the
// lab's CausalLm: one eval-mode, no-gradient forward per call, only the rows asked for read back.
// Leaves out batches of several sequences. Reference: src/models/gpt/generate.ts (KV cache use).
import type { Backend } from '../tensor/backend.ts';
import { fromArray, noGrad, scope, type Tensor } from '../tensor/tensor.ts';
import { slice } from '../tensor/ops/slice.ts';
import type { GPT } from '../models/gpt/gpt.ts';
import type { Llama } from '../models/llama/llama.ts';
import { FewshotError, type CausalLm, type DecodeSession, type LmRequest, type LmResult } from './lm.ts';

/** A KV cache as the model's forward fills it. */
export interface CacheLike {
  readonly length: number;
  dispose(): void;
}

export interface TensorDecoder<C extends CacheLike = CacheLike> {
  readonly backend: Backend;
  readonly training: boolean;
  train(on?: boolean): unknown;
  forward(ids: Tensor, targets?: Tensor, opts?: { attention?: boolean; cache?: C }): { logits: Tensor; attention?: Tensor[]; attentions?: Tensor[] };
  newCache?(): C;
}

/** Runs `fn` with the model in eval mode, restoring its mode after. */
async function inEval<T>(model: Pick<TensorDecoder, 'training' | 'train'>, fn: () => Promise<T>): Promise<T> {
  const was = model.training;
  model.train(false);
  try {
    return await fn();
  } finally {
    model.train(was);
  }
}

async function readAndDispose(tensors: Tensor[]): Promise<Float32Array[]> {
  try {
    return await Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/** Wraps a decoder whose context length and vocabulary size are given (a Llama names them its own way). */
export function decoderLm<C extends CacheLike>(model: TensorDecoder<C>, shape: { contextLength: number; vocabSize: number }): CausalLm {
  const { contextLength, vocabSize: V } = shape;
  const check = (ids: readonly number[], past = 0) => {
    if (ids.length === 0) throw new FewshotError('the model needs at least one token');
    if (past + ids.length > contextLength) throw new FewshotError(`${past + ids.length} tokens exceed the model's context length ${contextLength}`);
    for (const id of ids) if (!(Number.isInteger(id) && id >= 0 && id < V)) throw new FewshotError(`token id ${id} is outside the vocabulary (size ${V})`);
  };
  // Logits (rows × V) of the last rows after feeding ids (after the cache's positions, when given).
  const forward = (ids: readonly number[], rows: number, attention: boolean, cache?: C) => {
    const T = ids.length;
    return readAndDispose(
      scope(() =>
        noGrad(() => {
          const out = model.forward(fromArray(model.backend, Int32Array.from(ids), [1, T], 'int32'), undefined, { attention, cache });
          const maps = attention ? (out.attention ?? out.attentions ?? []) : [];
          if (attention && maps.length === 0) throw new FewshotError('this model does not return attention maps');
          // (1, H, T, T_total) → the last query row of every head: (1, H, 1, T_total)
          const last = maps.map((p) => slice(p, [0, 0, T - 1, 0], [1, p.shape[1]!, 1, p.shape[3]!]));
          return [slice(out.logits, [0, T - rows, 0], [1, rows, V]), ...last];
        }),
      ),
    );
  };

  const run = async (req: LmRequest): Promise<LmResult> => {
    check(req.ids);
    const rows = req.rows ?? 1;
    if (!(Number.isInteger(rows) && rows >= 1 && rows <= req.ids.length)) throw new FewshotError(`rows must be 1…${req.ids.length}, got ${rows}`);
    return inEval(model, async () => {
      const [logits, ...attention] = await forward(req.ids, rows, req.attention ?? false);
      return req.attention ? { logits: logits!, attention } : { logits: logits! };
    });
  };

  const newCache = model.newCache?.bind(model);
  if (!newCache) return { contextLength, vocabSize: V, run };

  // Incremental decoding; when the context is full the cache restarts from the last half (as generate.ts).
  const session = async (prompt: readonly number[]): Promise<DecodeSession> => {
    const ids = prompt.slice(-contextLength);
    check(ids);
    let cache = newCache();
    const feed = (part: readonly number[]) => inEval(model, async () => (await forward(part, 1, false, cache))[0]!);
    const s = {
      logits: await feed(ids),
      async push(id: number): Promise<Float32Array> {
        ids.push(id);
        check([id]);
        if (cache.length < contextLength) s.logits = await feed([id]);
        else {
          cache.dispose();
          cache = newCache();
          s.logits = await feed(ids.slice(-Math.ceil(contextLength / 2)));
        }
        return s.logits;
      },
      dispose: () => cache.dispose(),
    };
    return s;
  };
  return { contextLength, vocabSize: V, run, session };
}

/** The workbench's GPT or a (pretrained) Llama as a CausalLm, its KV cache used for generation. */
export function engineLm(model: GPT | Llama): CausalLm {
  return decoderLm(model, model.config);
}
