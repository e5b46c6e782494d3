// The compiled kernels (generated/kernels-wasm.ts, built by scripts/build-wasm.mjs) instantiated
// on a memory this file creates: shared where the engine allows (then tensors live in it, see
// wasm-heap.ts), the relaxed-SIMD build (fused multiply-add) where it validates, else plain
// 128-bit SIMD. With threads > 1 and a way to start workers (Node's worker_threads or Web
// Workers, handed in: src/ starts nothing itself), large kernel calls (products, attention,
// GELU, large elementwise work) are split between this thread and kernel threads
// (thread-source.ts) that wait for work on shared control words (`parallel`).
// src/ is compiled without DOM or Node typings, so the few WebAssembly calls used are typed here.
import { KERNELS_WASM, KERNELS_WASM_RELAXED, KERNELS_WASM_RELAXED_SHARED, KERNELS_WASM_SHARED } from './generated/kernels-wasm.ts';
import { MAX_ARGS, PARALLEL_KERNELS, SLOT_BYTES, THREAD_SOURCE, type ParallelKernel } from './thread-source.ts';
import { WasmHeap, type WasmMemory } from './wasm-heap.ts';

/** Starts a worker running `source` (which defines `run(init)`) and calls run with `init`. */
export type SpawnWorker = (source: string, init: { bytes: Uint8Array; memory: unknown; control: SharedArrayBuffer; slot: number }) => { terminate(): unknown };

export interface WasmOptions {
  /** Threads for large products, this one included (default 1). */
  threads?: number;
  spawn?: SpawnWorker;
  /** false: ordinary memory and tensors on the JS heap, as in a page that is not cross-origin isolated. */
  sharedMemory?: boolean;
  /** Elements per part below which memory-bound kernels stay on one thread (default STREAMING_MIN; tests lower it). */
  streamingSplitMin?: number;
}

/**
 * Control words per kernel thread, SLOT_BYTES apart: int32 seq, done, ready, stop, the kernel's
 * index in PARALLEL_KERNELS and gen (the seq whose arguments are being written: a thread
 * re-reads the arguments when it changed while it read them), then (from byte 32) MAX_ARGS
 * float64 arguments.
 */
const CONTROL = { seq: 0, done: 1, ready: 2, stop: 3, fn: 4, gen: 5 } as const;
/** Products smaller than this many multiply-adds stay on one thread (waking one costs more). */
const PARALLEL_MIN = 1 << 18;
/**
 * The smallest chunk of a split product, in slices (6 rows or 8 columns of C). Threads take
 * chunks until none are left, so a thread that starts late or is descheduled for a while (on a
 * shared 2-core machine, about once a training step, for 0.5–4 ms) does fewer of them instead
 * of holding up the call; chunks shrink towards the end so the threads finish together.
 */
const LEAST_SLICES = 2;
/** The matmul kernel's epilogues (assembly/matmul.ts). */
export const EPILOGUE = { none: 0, geluOut: 1, geluGrad: 2 } as const;

/** Elements per part below which a compute-heavy elementwise kernel (GELU) stays on one thread. */
export const ELEMENTWISE_MIN = 1 << 14;
/**
 * Elements per part for kernels that mostly move memory (arithmetic, layer norm, AdamW): on the
 * baby GPT their split made a step slower (bench:gpt-cpu, 2 threads: arithmetic 2.3 vs 1.2 ms,
 * layer norm backward 2.0 vs 1.0), so only much larger tensors are split.
 */
export const STREAMING_MIN = 1 << 18;

export interface KernelExports {
  /**
   * C (m×n) = op(A)·op(B) on the calling thread, row-major, pointers in bytes; ta: A stored
   * k×m, tb: B stored n×k; `pack` is matmulPackBytes(m, n, k, 0, m) bytes of scratch.
   */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, pack: number): void;
  /**
   * One thread's share of C (m×n) = op(A)·op(B): chunks of slices (6 rows, or 8 columns when
   * byCols) taken from the control words at ctl (i64: seq, next slice; then an int32 count of
   * slices done), 1/divisor of what is left at a time and at least `least`; `pack` is this
   * thread's own matmulPackBytes(m, n, k, byCols, its largest chunk's rows or columns) bytes.
   */
  matmulChunks(
    a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, epilogue: number, aux: number,
    byCols: number, divisor: number, least: number, ctl: number, seq: number, pack: number,
  ): void;
  matmulPackBytes(m: number, n: number, k: number, byCols: number, chunk: number): number;
  attentionForward(q: number, k: number, v: number, out: number, probs: number, count: number, tq: number, tk: number, d: number, dv: number, scale: number, causal: number, pack: number): void;
  attentionBackward(
    q: number, k: number, v: number, probs: number, g: number, dq: number, dk: number, dv: number,
    count: number, tq: number, tk: number, d: number, dvDim: number, scale: number, tmp: number, pack: number,
  ): void;
  layerNormForward(x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, rows: number, cols: number, eps: number): void;
  layerNormBackward(x: number, gamma: number, mean: number, rstd: number, gy: number, dx: number, dgamma: number, dbeta: number, rows: number, cols: number): void;
  /**
   * Multi-head self-attention read straight from a fused projection qkv (B, T, 3·H·D: q, k, v
   * per position, heads side by side), for the (batch, head) pairs [from, to): out (B, T, H·D)
   * with heads concatenated, probs (B, H, T, T). `scratch` holds attentionQkvScratchBytes.
   */
  attentionQkvForward(qkv: number, out: number, probs: number, t: number, h: number, d: number, scale: number, causal: number, from: number, to: number, scratch: number): void;
  /** dqkv (B, T, 3·H·D) for the pairs [from, to), from the saved probabilities and the output's gradient g. */
  attentionQkvBackward(qkv: number, probs: number, g: number, dqkv: number, t: number, h: number, d: number, scale: number, causal: number, from: number, to: number, scratch: number): void;
  attentionQkvScratchBytes(t: number, d: number): number;
  /** attentionQkvForward over all `pairs` (batch, head) pairs, in chunks threads take as they come (see matmulChunks). */
  attentionQkvForwardChunks(
    qkv: number, out: number, probs: number, t: number, h: number, d: number, scale: number, causal: number,
    pairs: number, divisor: number, least: number, ctl: number, seq: number, scratch: number,
  ): void;
  /** attentionQkvBackward over all pairs, in chunks. */
  attentionQkvBackwardChunks(
    qkv: number, probs: number, g: number, dqkv: number, t: number, h: number, d: number, scale: number, causal: number,
    pairs: number, divisor: number, least: number, ctl: number, seq: number, scratch: number,
  ): void;
  binaryRepeat(kind: number, x: number, y: number, z: number, n: number, ny: number, swap: number): void;
  adamStep(w: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, wd: number, c1: number, c2: number, decoupled: number): void;
  /** out = GELU_tanh(x), n values. */
  geluTanh(x: number, out: number, n: number): void;
  /** out = g · GELU_tanh'(x), n values. */
  geluTanhBackward(x: number, g: number, out: number, n: number): void;
}

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}

const PAGE = 65536;
/** 1 GiB, the most the kernels' memory may grow to. */
const MAX_PAGES = 16384;
/** The heap starts past the module's own data (the first page is left to it). */
const BASE = PAGE;

/** The word2vec kernel's exports (assembly/word2vec.ts). */
export interface Word2VecExports {
  w2vBegin(seed: number, tables: number): void;
  w2vLoss(): number;
  w2vPredictions(): number;
  w2vTrain(
    syn0: number, syn1: number, keep: number, noise: number, V: number, d: number, ids: number, starts: number, from: number, to: number,
    sentence: number, neu1: number, neu1e: number, sg: number, cbowMean: number, window: number, negative: number,
    alpha0: number, minAlpha: number, totalWords: number, counter: number,
  ): number;
}

function wasmApi(): WasmApi {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('this JavaScript engine has no WebAssembly');
  return api;
}

/** A memory of at least `bytes` for the kernels, shared between threads or not. */
export function kernelMemory(bytes: number, shared: boolean): { memory: WasmMemory; buffer: () => ArrayBuffer } {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (pages > MAX_PAGES) throw new Error(`the kernels need ${bytes} bytes of memory; WebAssembly here allows at most 1 GiB`);
  const memory = new (wasmApi().Memory)({ initial: pages, maximum: MAX_PAGES, shared });
  return { memory, buffer: () => memory.buffer };
}

/** The build for this engine: relaxed SIMD where it validates; the shared-memory one for threads. */
export function kernelBytes(shared: boolean): { bytes: Uint8Array; relaxed: boolean } {
  const relaxed = shared ? KERNELS_WASM_RELAXED_SHARED : KERNELS_WASM_RELAXED;
  if (wasmApi().validate(relaxed)) return { bytes: relaxed, relaxed: true };
  return { bytes: shared ? KERNELS_WASM_SHARED : KERNELS_WASM, relaxed: false };
}

/** Instantiates the kernels on a memory made by kernelMemory (the shared build for shared memory). */
export async function instantiateKernels(memory: unknown, shared: boolean): Promise<KernelExports & Word2VecExports> {
  const { instance } = await wasmApi().instantiate(kernelBytes(shared).bytes, { env: { memory } });
  return instance.exports as KernelExports & Word2VecExports;
}

export class WasmKernels {
  private f32: Float32Array;
  private i32: Int32Array;
  /** A call's float64 arguments and the same bytes as int32 words, for posting them. */
  private readonly argBits = new Float64Array(MAX_ARGS);
  private readonly argWords = new Int32Array(this.argBits.buffer);
  private seq = 0;
  /** The last call posted to each kernel thread. */
  private readonly posted: number[];
  /** Each thread's own scratch for chunked kernels (a late thread may still use it). */
  private readonly packs: { addr: number; bytes: number }[] = [];
  /** The control words of chunked kernels (ctl in assembly/lib/chunks.ts), 64 bytes. */
  private readonly ctl: number;
  /** The memory past the module's own data, as blocks handed out by size class. */
  readonly heap: WasmHeap;

  private constructor(
    readonly exports: KernelExports,
    private readonly memory: WasmMemory,
    /** Whether the memory is shared: views on it never detach, so storages can live in it. */
    readonly shared: boolean,
    /** The control words of each kernel thread. */
    private readonly workers: { c: Int32Array; args: Int32Array }[],
    /** Whether the relaxed-SIMD build (fused multiply-add) runs. */
    readonly relaxed: boolean,
    /** Elements per part below which memory-bound kernels (arithmetic, layer norm, AdamW) stay on one thread. */
    readonly streamingMin: number,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    this.heap = new WasmHeap(memory, BASE, MAX_PAGES * PAGE);
    this.posted = workers.map(() => 0);
    this.ctl = this.heap.alloc(64);
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Shared memory wherever the engine allows it (Node; cross-origin-isolated pages), else
   * ordinary memory (storages then stay on the JS heap and kernels copy them in and out).
   */
  static async load(opts: WasmOptions = {}): Promise<WasmKernels> {
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!api) throw new Error('this JavaScript engine has no WebAssembly');
    if (!api.validate(KERNELS_WASM)) throw new Error('this JavaScript engine cannot run the wasm kernels (128-bit SIMD is required)');
    const threads = Math.max(1, Math.floor(opts.threads ?? 1));
    let shared = opts.sharedMemory !== false && typeof SharedArrayBuffer !== 'undefined' && api.validate(KERNELS_WASM_SHARED);
    let memory: WasmMemory;
    try {
      memory = new api.Memory({ initial: 2, maximum: MAX_PAGES, shared });
    } catch {
      shared = false;
      memory = new api.Memory({ initial: 2, maximum: MAX_PAGES });
    }
    const { bytes, relaxed } = kernelBytes(shared);
    const { instance } = await api.instantiate(bytes, { env: { memory } });
    const workers: { c: Int32Array; args: Int32Array }[] = [];
    if (shared && threads > 1 && opts.spawn) {
      const control = new SharedArrayBuffer(SLOT_BYTES * (threads - 1));
      for (let slot = 0; slot < threads - 1; slot++) {
        opts.spawn(THREAD_SOURCE, { bytes, memory, control, slot });
        const c = new Int32Array(control, slot * SLOT_BYTES, 8);
        if (Atomics.wait(c, CONTROL.ready, 0, 10_000) === 'timed-out' && c[CONTROL.ready] !== 1) throw new Error('a wasm kernel thread did not start in 10 s');
        workers.push({ c, args: new Int32Array(control, slot * SLOT_BYTES + 32, 2 * MAX_ARGS) });
      }
    }
    return new WasmKernels(instance.exports as KernelExports, memory, shared, workers, relaxed, opts.streamingSplitMin ?? STREAMING_MIN);
  }

  /** Bytes of packing scratch `exports.matmul` (one thread, the whole product) needs. */
  packBytes(m: number, k: number, n: number): number {
    return this.exports.matmulPackBytes(m, n, k, 0, m);
  }

  /**
   * C = op(A)·op(B) for matrices at byte addresses a, b, c. ta: A stored k×m; tb: B stored n×k.
   * Large products are shared by the kernel threads in chunks of rows of C (multiples of 6), or
   * of columns (multiples of 8) when C has fewer rows than columns: every thread packs the whole
   * of the operand that is not cut, so the cut goes along the larger one (a weight gradient
   * Xᵀ·dY has few rows and many columns). Threads take chunks as they come (matmulChunks); the
   * call returns when every chunk is done, without waiting for a thread that took none. An
   * epilogue (EPILOGUE) is applied to each chunk once it is complete.
   */
  product(a: number, b: number, c: number, m: number, k: number, n: number, ta: boolean, tb: boolean, epilogue: number = EPILOGUE.none, aux = 0): void {
    if (m <= 0 || n <= 0) return;
    const byCols = m < n && n >= 16;
    const slice = byCols ? 8 : 6;
    const count = Math.ceil((byCols ? n : m) / slice);
    const threads = m * k * n < PARALLEL_MIN ? 1 : Math.max(1, Math.min(this.threads, count));
    const [divisor, least] = chunkShares(threads, count, LEAST_SLICES);
    const most = Math.max(least, Math.ceil(count / divisor)) * slice;
    const bytes = this.exports.matmulPackBytes(m, n, k, +byCols, most);
    this.chunked('matmulChunks', threads, count, bytes, (ctl, seq, pack) => [a, b, c, m, k, n, +ta, +tb, epilogue, aux, +byCols, divisor, least, ctl, seq, pack]);
  }

  /**
   * Runs a kernel that takes its work in chunks (assembly/lib/chunks.ts: `count` units) on up
   * to `threads` threads at once and returns when every unit is done — without waiting for a
   * thread that took none (it may still be starting). Each thread gets its own scratch of
   * `bytes` (kept: a late thread may still write there after the call); args(ctl, seq, scratch)
   * gives a thread's arguments.
   */
  chunked(fn: ParallelKernel, threads: number, count: number, bytes: number, args: (ctl: number, seq: number, scratch: number) => number[]): void {
    for (let t = 0; t < threads; t++) this.ensurePack(t, bytes);
    const seq = ++this.seq;
    // The control words: no unit done, then the call's number (high half of the i64), then unit
    // 0 next — in that order, so a late thread of an earlier call never takes a chunk.
    const w = this.words();
    const at = this.ctl >> 2;
    Atomics.store(w, at + 2, 0);
    Atomics.store(w, at + 1, seq);
    Atomics.store(w, at, 0);
    const index = PARALLEL_KERNELS.indexOf(fn);
    for (let t = 1; t < threads; t++) this.post(t, index, args(this.ctl, seq, this.packs[t]!.addr), seq);
    (this.exports[fn] as (...a: number[]) => void)(...args(this.ctl, seq, this.packs[0]!.addr));
    this.waitWord(at + 2, count, fn);
  }

  /** Makes thread t's scratch for chunked kernels at least `bytes` long (a kernel thread's once it is idle). */
  private ensurePack(t: number, bytes: number): void {
    const have = this.packs[t];
    if (have && have.bytes >= bytes) return;
    if (t > 0) this.waitFor(this.workers[t - 1]!.c, this.posted[t - 1]!, 'its last call', t);
    if (have) this.heap.release(have.addr, have.bytes);
    const addr = this.heap.alloc(bytes);
    if (addr < 0) throw new Error(`the wasm kernels' memory is full (1 GiB): no room for ${bytes} bytes of matmul scratch`);
    this.packs[t] = { addr, bytes };
  }

  /**
   * Hands kernel thread t (1-based) a call: its arguments written between gen and seq, every
   * word with Atomics (ordered stores), since the thread may be reading the previous call's.
   */
  private post(t: number, index: number, args: number[], seq: number): void {
    const w = this.workers[t - 1]!;
    Atomics.store(w.c, CONTROL.gen, seq);
    this.argBits.set(args);
    for (let i = 0; i < 2 * args.length; i++) Atomics.store(w.args, i, this.argWords[i]!);
    Atomics.store(w.c, CONTROL.fn, index);
    Atomics.store(w.c, CONTROL.seq, seq);
    Atomics.notify(w.c, CONTROL.seq);
    this.posted[t - 1] = seq;
  }

  /**
   * Runs the kernel once per argument list: the first on this thread, the others at the same
   * time on kernel threads (at most one part per thread); returns when all are done.
   */
  parallel(fn: ParallelKernel, parts: number[][]): void {
    const kernel = this.exports[fn] as (...args: number[]) => void;
    if (parts.length > this.threads) throw new Error(`${fn}: ${parts.length} parts for ${this.threads} threads`);
    if (parts.some((p) => p.length > MAX_ARGS)) throw new Error(`${fn}: more than ${MAX_ARGS} arguments`);
    const index = PARALLEL_KERNELS.indexOf(fn);
    const seq = ++this.seq;
    for (let t = 1; t < parts.length; t++) this.post(t, index, parts[t]!, seq);
    if (parts.length > 0) kernel(...parts[0]!);
    for (let t = 1; t < parts.length; t++) this.waitFor(this.workers[t - 1]!.c, seq, fn, t);
  }

  /**
   * Waits until a kernel thread reports `seq` done: a short spin (its part usually ends about
   * when ours does), then sleeps in Atomics.wait with a 1 ms limit — in Node 20 a wake-up from
   * Atomics.notify is now and then lost (measured: about one wait in ten thousand slept a whole
   * second), so the wait re-checks the word instead of trusting the notify.
   */
  private waitFor(c: Int32Array, seq: number, fn: string, t: number): void {
    for (let spin = 0; spin < 4096; spin++) if (Atomics.load(c, CONTROL.done) === seq) return;
    const since = Date.now();
    while (Atomics.load(c, CONTROL.done) !== seq) {
      Atomics.wait(c, CONTROL.done, Atomics.load(c, CONTROL.done), 1);
      if (Date.now() - since > 60_000) throw new Error(`wasm kernel thread ${t} did not finish ${fn} in 60 s`);
    }
  }

  /** Waits, as waitFor does, until the int32 at index `at` of the kernels' memory is `value`. */
  private waitWord(at: number, value: number, fn: string): void {
    const w = this.words();
    for (let spin = 0; spin < 4096; spin++) if (Atomics.load(w, at) === value) return;
    const since = Date.now();
    while (Atomics.load(w, at) !== value) {
      Atomics.wait(w, at, Atomics.load(w, at), 1);
      if (Date.now() - since > 60_000) throw new Error(`the wasm kernel threads did not finish ${fn} in 60 s`);
    }
  }

  /** How many parts to cut `work` units of work into: one per thread, none smaller than `min`. */
  partsFor(work: number, min: number): number {
    return Math.max(1, Math.min(this.threads, Math.floor(work / min)));
  }

  /**
   * Runs `fn` over [0, n) cut into one range per thread (boundaries multiples of `align`; no
   * split below `min` units per part): args(start, end, part) gives each call's arguments.
   * Returns the number of parts it ran.
   */
  parallelRange(fn: ParallelKernel, n: number, min: number, align: number, args: (start: number, end: number, part: number) => number[]): number {
    const ranges = splitRange(n, Math.min(this.partsFor(n, min), Math.max(1, Math.floor(n / align))), align);
    this.parallel(fn, ranges.map(([start, end], part) => args(start, end, part)));
    return ranges.length;
  }

  /** Stops the kernel threads (they exit at their next wake-up). */
  close(): void {
    const seq = ++this.seq;
    for (const { c } of this.workers) {
      Atomics.store(c, CONTROL.stop, 1);
      Atomics.store(c, CONTROL.gen, seq);
      Atomics.store(c, CONTROL.seq, seq);
      Atomics.notify(c, CONTROL.seq);
    }
  }

  /** An Int32Array over the whole memory as it is now. */
  private words(): Int32Array {
    if (this.i32.buffer !== this.memory.buffer) this.i32 = new Int32Array(this.memory.buffer);
    return this.i32;
  }

  /** A Float32Array over the whole memory as it is now (take it after any allocation). */
  view(): Float32Array {
    if (this.f32.buffer !== this.memory.buffer) this.f32 = new Float32Array(this.memory.buffer);
    return this.f32;
  }
}

/**
 * How a chunked kernel (assembly/lib/chunks.ts) takes its `count` units: one thread all at
 * once; several a 1/(2·threads) share of what is left at a time, at least `least` units.
 */
export function chunkShares(threads: number, count: number, least: number): [divisor: number, least: number] {
  return threads === 1 ? [1, count] : [2 * threads, least];
}

/** [0, n) cut into `parts` ranges of nearly equal length, every boundary a multiple of `align`. */
export function splitRange(n: number, parts: number, align = 1): [number, number][] {
  const ranges: [number, number][] = [];
  const size = Math.ceil(n / Math.max(1, parts) / align) * align;
  for (let start = 0; start < n || ranges.length === 0; start += size) ranges.push([start, Math.min(n, start + size)]);
  return ranges;
}
