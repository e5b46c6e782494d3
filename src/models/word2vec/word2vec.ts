// word2vec's one training entry (Mikolov et al. 2013): the same configuration, progress and result
// on every engine — the TypeScript kernel in this thread (negative sampling or hierarchical
// softmax; the reference), the wasm SIMD kernel in this thread or on Hogwild threads (both
// losses), or the mini-batch skip-gram with negative sampling on the tensor engine (any Backend,
// WebGPU among them). Threads are started by a `spawn` the caller hands in (src/ starts none).
import type { Backend } from '../../tensor/backend.ts';
import type { SpawnWorker } from '../../tensor/wasm.ts';
import { Word2VecError } from './vocab.ts';
import { checkWord2VecConfig, defaultWord2VecConfig, type Word2VecConfig, type Word2VecEngineResult, type Word2VecProgressFn, type Word2VecResult } from './config.ts';
import { trainOnTs } from './train-ts.ts';
import { trainOnWasm } from './train-wasm.ts';
import { defaultSgnsOptions, trainSgnsTensor } from './sgns-tensor.ts';
import { degenerateWarnings } from './degenerate.ts';
import { normalizeText, type NormalizeOptions } from '../../data/normalize.ts';

export interface Word2VecOptions {
  /**
   * Where it trains: 'ts' (default), the TypeScript kernel in this thread; 'wasm', the SIMD
   * kernel (in this thread, or on `threads` Hogwild threads); a tensor Backend, mini-batch
   * skip-gram with negative sampling (arch 'sg', loss 'ns' only).
   */
  engine?: 'ts' | 'wasm' | Backend;
  /** Hogwild threads for the wasm engine (default 1: this thread); more need `spawn`. */
  threads?: number;
  spawn?: SpawnWorker;
  /** Pairs per step on a tensor Backend (default 4096). */
  batch?: number;
  onProgress?: Word2VecProgressFn;
}

const MAX_THREADS = 256;

/**
 * Trains vectors on `text` (one sentence per line), its words normalised first as the config says
 * (lower case, punctuation dropped by default: src/data/normalize.ts); the result warns when the
 * run is degenerate.
 */
export async function trainWord2Vec(text: string, config: Partial<Word2VecConfig> = {}, options: Word2VecOptions = {}): Promise<Word2VecResult> {
  const c = { ...defaultWord2VecConfig, ...config };
  const p = checkWord2VecConfig(c);
  const r = await trainOn(normalizeText(text, normalizeOf(c)), c, p, options);
  return { ...r, warnings: degenerateWarnings(r, c.minCount) };
}

/** The word normalisation a config asks for. */
export const normalizeOf = (c: Word2VecConfig): NormalizeOptions => ({ lowercase: c.lowercase, punctuation: c.punctuation, foldNumbers: c.foldNumbers });

async function trainOn(text: string, c: Word2VecConfig, p: ReturnType<typeof checkWord2VecConfig>, options: Word2VecOptions): Promise<Word2VecEngineResult> {
  const engine = options.engine ?? 'ts';
  const threads = options.threads ?? 1;
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) throw new Word2VecError(`threads must be a whole number from 1 to ${MAX_THREADS}, got ${threads}`);
  if (engine !== 'wasm' && threads > 1) throw new Word2VecError(`threads: only the wasm engine trains on several threads, got ${threads} for engine ${typeof engine === 'string' ? engine : 'tensor'}`);
  if (threads > 1 && !options.spawn) throw new Word2VecError(`${threads} threads need a way to start workers (options.spawn)`);
  if (engine === 'ts') return trainOnTs(text, c, p, options.onProgress);
  if (engine === 'wasm') return trainOnWasm(text, c, p, { threads, spawn: options.spawn, onProgress: options.onProgress });
  if (typeof engine !== 'object' || engine === null) throw new Word2VecError(`engine must be ts, wasm or a tensor backend, got ${String(engine)}`);
  if (p.arch !== 'sg' || p.loss !== 'ns') throw new Word2VecError('the tensor engine trains skip-gram with negative sampling only (arch sg, loss ns)');
  return trainSgnsTensor(engine, text, {
    dim: p.dim, window: p.window, negative: p.negative, minCount: c.minCount, sample: p.sample, epochs: p.epochs, alpha: p.alpha, minAlpha: p.minAlpha,
    seed: c.seed, batch: options.batch ?? defaultSgnsOptions.batch, onProgress: options.onProgress,
  });
}
