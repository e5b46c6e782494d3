// The wasm backend's extension point: a model's own AssemblyScript module (scripts/build-wasm.mjs
// builds it from the model's assembly/ folder into the model's generated/, as it builds the
// engine's kernels) run on the engine's machinery — a memory from kernelMemory (shared when it
// has threads), the module instantiated on it in this thread, and kernel threads
// (kernel-threads.ts, thread-source.ts: the same ones the engine's products run on) that run its
// exports when handed a call. Leaves out the tensor heap: the module lays out its own memory, of
// a size fixed up front. Its build must have no data segment (each thread instantiates it again).
// Public through src/tensor/wasm.ts; src/models/word2vec is its user.
import { KernelThreads, type SpawnWorker } from './kernel-threads.ts';
import { MAX_ARGS } from './thread-source.ts';
import { kernelMemory, wasmApi } from './wasm-module.ts';
import type { WasmMemory } from './wasm-heap.ts';

/** A module's two builds. */
export interface WasmModuleBuilds {
  /** For ordinary memory: any page, one thread. */
  plain: Uint8Array;
  /** Built with --sharedMemory: for a memory that kernel threads share. */
  shared: Uint8Array;
}

export interface WasmModuleOptions {
  /** Bytes of memory the module's data needs (at most 1 GiB). */
  bytes: number;
  /** Kernel threads to start besides this one (default 0; more need `spawn` and SharedArrayBuffer). */
  threads?: number;
  /** How to start a worker (Node's worker_threads or a Web Worker: src/ starts none itself). */
  spawn?: SpawnWorker;
  /** The exports kernel threads may be handed, by name. */
  kernels?: readonly string[];
}

export class WasmModule<E> {
  private constructor(
    /** The module's exports in this thread. */
    readonly exports: E,
    private readonly memory: WasmMemory,
    private readonly kernelThreads: KernelThreads,
    private readonly kernels: readonly string[],
  ) {}

  /** Instantiates the module (the shared build when it has threads) and starts its kernel threads. */
  static async load<E>(builds: WasmModuleBuilds, opts: WasmModuleOptions): Promise<WasmModule<E>> {
    const threads = opts.threads ?? 0;
    if (!(Number.isInteger(threads) && threads >= 0)) throw new Error(`threads must be a whole number ≥ 0, got ${threads}`);
    if (threads > 0 && !opts.spawn) throw new Error('kernel threads need a way to start workers (spawn)');
    if (threads > 0 && typeof SharedArrayBuffer === 'undefined') {
      throw new Error('kernel threads need SharedArrayBuffer (in a browser: a cross-origin-isolated page)');
    }
    const shared = threads > 0;
    const bytes = shared ? builds.shared : builds.plain;
    const memory = kernelMemory(opts.bytes, shared);
    const { instance } = await wasmApi().instantiate(bytes, { env: { memory } });
    const kernels = opts.kernels ?? [];
    return new WasmModule(instance.exports as E, memory, KernelThreads.start(threads, opts.spawn, bytes, memory, kernels), kernels);
  }

  /** The module's memory (fixed in size, so views on it stay valid). */
  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  /** Kernel threads besides this one. */
  get threads(): number {
    return this.kernelThreads.count;
  }

  /** Hands kernel thread t (1 … threads) a call of export `kernel`; returns at once. */
  post(t: number, kernel: string, args: number[]): void {
    const index = this.kernels.indexOf(kernel);
    if (index < 0) throw new Error(`${kernel} is not among the exports kernel threads run (${this.kernels.join(', ')})`);
    if (!(t >= 1 && t <= this.threads)) throw new Error(`no kernel thread ${t} (there are ${this.threads})`);
    if (args.length > MAX_ARGS) throw new Error(`${kernel}: more than ${MAX_ARGS} arguments`);
    this.kernelThreads.waitIdle(t);
    this.kernelThreads.post(t, index, args, this.kernelThreads.nextSeq());
  }

  /** Whether kernel thread t has finished the last call it was handed. */
  idle(t: number): boolean {
    return this.kernelThreads.isIdle(t);
  }

  /** Stops the kernel threads (they exit at their next wake-up). */
  close(): void {
    this.kernelThreads.close();
  }
}
