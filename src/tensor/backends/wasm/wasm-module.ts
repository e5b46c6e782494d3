// The compiled kernels (generated/kernels-wasm.ts, built by scripts/build-wasm.mjs) instantiated
// on a memory this file creates: shared where the engine allows (then tensors live in it, see
// wasm-heap.ts), the relaxed-SIMD build (fused multiply-add) where it validates, else plain
// 128-bit SIMD. With threads > 1 and a way to start workers (Node's worker_threads or Web
// Workers, handed in: src/ starts nothing itself), large kernel calls (products, attention,
// GELU, large elementwise work) are split between this thread and kernel threads
// (thread-source.ts, started and handed calls by kernel-threads.ts) that wait for work on
// shared control words: `parallel` gives each thread one part, `chunked` lets the threads take
// chunks as they come. The exports' types: kernel-exports.ts.
// src/ is compiled without DOM or Node typings, so the few WebAssembly calls used are typed here.
import { KERNELS_WASM, KERNELS_WASM_RELAXED, KERNELS_WASM_RELAXED_SHARED, KERNELS_WASM_SHARED } from './generated/kernels-wasm.ts';
import { MAX_ARGS, PARALLEL_KERNELS, type ParallelKernel } from './thread-source.ts';
import { KernelThreads, waitUntil, type SpawnWorker } from './kernel-threads.ts';
import { WasmHeap, type WasmMemory } from './wasm-heap.ts';
import type { KernelExports } from './kernel-exports.ts';

export type { SpawnWorker } from './kernel-threads.ts';

export interface WasmOptions {
  /** Threads for large products, this one included (default 1). */
  threads?: number;
  spawn?: SpawnWorker;
  /** false: ordinary memory and tensors on the JS heap, as in a page that is not cross-origin isolated. */
  sharedMemory?: boolean;
  /** Elements per part below which memory-bound kernels stay on one thread (default STREAMING_MIN; tests lower it). */
  streamingSplitMin?: number;
}

/** Products smaller than this many multiply-adds stay on one thread (waking one costs more). */
const PARALLEL_MIN = 1 << 18;
/**
 * The smallest chunk of a split product, in slices (6 rows or 8 columns of C). Threads take
 * chunks until none are left, so a thread that starts late or is descheduled for a while (on a
 * shared 2-core machine, about once a training step, for 0.5–4 ms) does fewer of them instead
 * of holding up the call; chunks shrink towards the end so the threads finish together.
 */
const LEAST_SLICES = 2;
/**
 * Products with at most this many rows of C stream B unpacked (assembly/matvec.ts): a decoder's
 * one new token would otherwise pack the whole weight for one row of A.
 */
export const SKINNY_ROWS = 4;
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

export interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}

const PAGE = 65536;
/** 1 GiB, the most the kernels' memory may grow to. */
const MAX_PAGES = 16384;
/** The heap starts past the module's own data (the first page is left to it). */
const BASE = PAGE;

export function wasmApi(): WasmApi {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('this JavaScript engine has no WebAssembly');
  return api;
}

/** A memory of at least `bytes` for a module (wasm-extension.ts), shared between threads or not. */
export function kernelMemory(bytes: number, shared: boolean): WasmMemory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (pages > MAX_PAGES) throw new Error(`the kernels need ${bytes} bytes of memory; WebAssembly here allows at most 1 GiB`);
  return new (wasmApi().Memory)({ initial: pages, maximum: MAX_PAGES, shared });
}

/** The build for this engine: relaxed SIMD where it validates; the shared-memory one for threads. */
export function kernelBytes(shared: boolean): { bytes: Uint8Array; relaxed: boolean } {
  const relaxed = shared ? KERNELS_WASM_RELAXED_SHARED : KERNELS_WASM_RELAXED;
  if (wasmApi().validate(relaxed)) return { bytes: relaxed, relaxed: true };
  return { bytes: shared ? KERNELS_WASM_SHARED : KERNELS_WASM, relaxed: false };
}

export class WasmKernels {
  private f32: Float32Array;
  private i32: Int32Array;
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
    /** The kernel threads (besides this one). */
    private readonly kernelThreads: KernelThreads,
    /** Whether the relaxed-SIMD build (fused multiply-add) runs. */
    readonly relaxed: boolean,
    /** Elements per part below which memory-bound kernels (arithmetic, layer norm, AdamW) stay on one thread. */
    readonly streamingMin: number,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    this.heap = new WasmHeap(memory, BASE, MAX_PAGES * PAGE);
    this.ctl = this.heap.alloc(64);
  }

  get threads(): number {
    return this.kernelThreads.count + 1;
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
    const kernelThreads = KernelThreads.start(shared ? threads - 1 : 0, opts.spawn, bytes, memory, PARALLEL_KERNELS);
    return new WasmKernels(instance.exports as KernelExports, memory, shared, kernelThreads, relaxed, opts.streamingSplitMin ?? STREAMING_MIN);
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
   * epilogue (EPILOGUE) is applied to each chunk once it is complete. A product of at most
   * SKINNY_ROWS rows without an epilogue streams B instead, split by columns (skinny).
   */
  product(a: number, b: number, c: number, m: number, k: number, n: number, ta: boolean, tb: boolean, epilogue: number = EPILOGUE.none, aux = 0): void {
    if (m <= 0 || n <= 0) return;
    if (m <= SKINNY_ROWS && epilogue === EPILOGUE.none) return this.skinny(a, b, c, m, k, n, ta, tb);
    const byCols = m < n && n >= 16;
    const slice = byCols ? 8 : 6;
    const count = Math.ceil((byCols ? n : m) / slice);
    const threads = m * k * n < PARALLEL_MIN ? 1 : Math.max(1, Math.min(this.threads, count));
    const [divisor, least] = chunkShares(threads, count, LEAST_SLICES);
    const most = Math.max(least, Math.ceil(count / divisor)) * slice;
    const bytes = this.exports.matmulPackBytes(m, n, k, +byCols, most);
    this.chunked('matmulChunks', threads, count, bytes, (ctl, seq, pack) => [a, b, c, m, k, n, +ta, +tb, epilogue, aux, +byCols, divisor, least, ctl, seq, pack]);
  }

  /** C = op(A)·op(B) for a few rows of A: B streamed unpacked, threads taking chunks of 8 columns. */
  private skinny(a: number, b: number, c: number, m: number, k: number, n: number, ta: boolean, tb: boolean): void {
    const count = Math.ceil(n / 8);
    const threads = m * k * n < PARALLEL_MIN ? 1 : Math.max(1, Math.min(this.threads, count));
    const [divisor, least] = chunkShares(threads, count, LEAST_SLICES);
    this.chunked('matvecChunks', threads, count, 0, (ctl, seq) => [a, b, c, m, k, n, +ta, +tb, divisor, least, ctl, seq]);
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
    const seq = this.kernelThreads.nextSeq();
    // The control words: no unit done, then the call's number (high half of the i64), then unit
    // 0 next — in that order, so a late thread of an earlier call never takes a chunk.
    const w = this.words();
    const at = this.ctl >> 2;
    Atomics.store(w, at + 2, 0);
    Atomics.store(w, at + 1, seq);
    Atomics.store(w, at, 0);
    const index = PARALLEL_KERNELS.indexOf(fn);
    for (let t = 1; t < threads; t++) this.kernelThreads.post(t, index, args(this.ctl, seq, this.packs[t]!.addr), seq);
    (this.exports[fn] as (...a: number[]) => void)(...args(this.ctl, seq, this.packs[0]!.addr));
    waitUntil(this.words(), at + 2, count, `the wasm kernel threads (${fn})`);
  }

  /** Makes thread t's scratch for chunked kernels at least `bytes` long (a kernel thread's once it is idle). */
  private ensurePack(t: number, bytes: number): void {
    const have = this.packs[t];
    if (have && have.bytes >= bytes) return;
    if (t > 0) this.kernelThreads.waitIdle(t);
    if (have) this.heap.release(have.addr, have.bytes);
    const addr = this.heap.alloc(bytes);
    if (addr < 0) throw new Error(`the wasm kernels' memory is full (1 GiB): no room for ${bytes} bytes of matmul scratch`);
    this.packs[t] = { addr, bytes };
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
    const seq = this.kernelThreads.nextSeq();
    for (let t = 1; t < parts.length; t++) this.kernelThreads.post(t, index, parts[t]!, seq);
    if (parts.length > 0) kernel(...parts[0]!);
    for (let t = 1; t < parts.length; t++) this.kernelThreads.waitDone(t, seq, fn);
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
    this.kernelThreads.close();
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
