// What the few-shot lab needs from a decoder and its tokenizer, and nothing more: any causal
// language model (our GPT, a pretrained Llama or GPT-2) that maps ids to next-token logits and,
// on request, the attention of the last position. Leaves out batching and training.
// Reference: Brown et al. 2020, "Language Models are Few-Shot Learners" (in-context learning).

/** One call to the model: a sequence of ids (length ≤ the context length). */
export interface LmRequest {
  ids: readonly number[];
  /** Logits of the last `rows` positions (default 1): one row per position, oldest first. */
  rows?: number;
  /** Also return each layer's attention from the last position (every head, every key). */
  attention?: boolean;
}

export interface LmResult {
  /** rows × vocabSize, row-major. */
  logits: Float32Array;
  /** Per layer: heads × T (row h = head h's attention from the last position over the T keys). */
  attention?: Float32Array[];
}

/** Incremental decoding (a KV cache): the logits after the prompt, then after each pushed id. */
export interface DecodeSession {
  /** Logits (vocabSize) at the last position fed so far. */
  readonly logits: Float32Array;
  push(id: number): Promise<Float32Array>;
  dispose(): void;
}

export interface CausalLm {
  readonly contextLength: number;
  readonly vocabSize: number;
  run(req: LmRequest): Promise<LmResult>;
  /** Optional fast path for generation; without it, each new token reruns the whole window. */
  session?(prompt: readonly number[]): Promise<DecodeSession>;
}

/**
 * Text ↔ ids. `encode` returns the text's own tokens, without special tokens; a model that was
 * trained with a begin-of-sequence token declares it in `beginOfText` and the lab puts it first.
 * The workbench's TokenCodec satisfies this interface as it is.
 */
export interface TextCodec {
  encode(text: string): ArrayLike<number>;
  decode(ids: ArrayLike<number>): string;
  /** A display label per id (falls back to decoding each id alone). */
  tokenStrings?(ids: ArrayLike<number>): string[];
  readonly endOfText?: number | null;
  readonly beginOfText?: number | null;
}

export const tokenLabels = (codec: TextCodec, ids: readonly number[]): string[] =>
  codec.tokenStrings ? codec.tokenStrings(ids) : ids.map((id) => codec.decode([id]));

/** What `run`, a sweep or generation can be stopped by (an AbortSignal satisfies it). */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** A few-shot request the lab cannot carry out; the message names the problem. */
export class FewshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FewshotError';
  }
}

/** The prompt (with what must follow it) is longer than the model's context. */
export class ContextOverflow extends FewshotError {
  constructor(message: string) {
    super(message);
    this.name = 'ContextOverflow';
  }
}

/** Thrown when a StopSignal fires: the work done so far is discarded. */
export class FewshotStopped extends Error {
  constructor(readonly reason?: unknown) {
    super('stopped');
    this.name = 'AbortError';
  }
}

export function throwIfStopped(signal: StopSignal | undefined): void {
  if (signal?.aborted) throw new FewshotStopped(signal.reason);
}
