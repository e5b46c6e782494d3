// The main thread's side of the wasm kernel threads (thread-source.ts is theirs): starting them
// on the shared memory, handing one a call, waiting for it, stopping them. The engine's kernels
// run on them (wasm-module.ts), and so does a model's own module (wasm-extension.ts).
import { MAX_ARGS, SLOT_BYTES, THREAD_SOURCE } from './thread-source.ts';

/**
 * Starts a worker running `source` (which defines `run(init)`) and calls run with `init`:
 * the module's bytes, the shared memory, the control words, the thread's slot and the names of
 * the exports it may be handed.
 */
export type SpawnWorker = (
  source: string,
  init: { bytes: Uint8Array; memory: unknown; control: SharedArrayBuffer; slot: number; kernels: readonly string[] },
) => { terminate(): unknown };

/**
 * Control words per kernel thread, SLOT_BYTES apart: int32 seq, done, ready, stop, the kernel's
 * index in PARALLEL_KERNELS and gen (the seq whose arguments are being written: a thread
 * re-reads the arguments when it changed while it read them), then (from byte 32) MAX_ARGS
 * float64 arguments.
 */
const CONTROL = { seq: 0, done: 1, ready: 2, stop: 3, fn: 4, gen: 5 } as const;

/**
 * Waits until words[index] is `value`: a short spin (a kernel thread's part usually ends about
 * when ours does), then sleeps in Atomics.wait with a 1 ms limit — in Node 20 a wake-up from
 * Atomics.notify is now and then lost (measured: about one wait in ten thousand slept a whole
 * second), so the wait re-checks the word instead of trusting the notify.
 */
export function waitUntil(words: Int32Array, index: number, value: number, what: string): void {
  for (let spin = 0; spin < 4096; spin++) if (Atomics.load(words, index) === value) return;
  const since = Date.now();
  while (Atomics.load(words, index) !== value) {
    Atomics.wait(words, index, Atomics.load(words, index), 1);
    if (Date.now() - since > 60_000) throw new Error(`${what} did not finish in 60 s`);
  }
}

export class KernelThreads {
  private seq = 0;
  /** The last call posted to each thread. */
  private readonly posted: number[];
  /** A call's float64 arguments and the same bytes as int32 words, for posting them. */
  private readonly argBits = new Float64Array(MAX_ARGS);
  private readonly argWords = new Int32Array(this.argBits.buffer);

  private constructor(private readonly workers: { c: Int32Array; args: Int32Array }[]) {
    this.posted = workers.map(() => 0);
  }

  /**
   * Starts `count` kernel threads on the shared memory with a module's wasm bytes (none: count
   * 0); a call names its export by its index in `kernels`.
   */
  static start(count: number, spawn: SpawnWorker | undefined, bytes: Uint8Array, memory: unknown, kernels: readonly string[]): KernelThreads {
    const workers: { c: Int32Array; args: Int32Array }[] = [];
    if (count > 0 && spawn) {
      const control = new SharedArrayBuffer(SLOT_BYTES * count);
      for (let slot = 0; slot < count; slot++) {
        spawn(THREAD_SOURCE, { bytes, memory, control, slot, kernels });
        const c = new Int32Array(control, slot * SLOT_BYTES, 8);
        if (Atomics.wait(c, CONTROL.ready, 0, 10_000) === 'timed-out' && c[CONTROL.ready] !== 1) throw new Error('a wasm kernel thread did not start in 10 s');
        workers.push({ c, args: new Int32Array(control, slot * SLOT_BYTES + 32, 2 * MAX_ARGS) });
      }
    }
    return new KernelThreads(workers);
  }

  get count(): number {
    return this.workers.length;
  }

  /** The number of a new call (every call posted or run gets one). */
  nextSeq(): number {
    return ++this.seq;
  }

  /**
   * Hands kernel thread t (1-based) call `seq`: the kernel's index in PARALLEL_KERNELS and its
   * arguments, written between gen and seq, every word with Atomics (ordered stores), since the
   * thread may be reading the previous call's.
   */
  post(t: number, index: number, args: number[], seq: number): void {
    const w = this.workers[t - 1]!;
    Atomics.store(w.c, CONTROL.gen, seq);
    this.argBits.set(args);
    for (let i = 0; i < 2 * args.length; i++) Atomics.store(w.args, i, this.argWords[i]!);
    Atomics.store(w.c, CONTROL.fn, index);
    Atomics.store(w.c, CONTROL.seq, seq);
    Atomics.notify(w.c, CONTROL.seq);
    this.posted[t - 1] = seq;
  }

  /** Waits until kernel thread t (1-based) has done call `seq`. */
  waitDone(t: number, seq: number, fn: string): void {
    waitUntil(this.workers[t - 1]!.c, CONTROL.done, seq, `wasm kernel thread ${t} (${fn})`);
  }

  /** Whether kernel thread t (1-based) has done the last call posted to it (no wait). */
  isIdle(t: number): boolean {
    return Atomics.load(this.workers[t - 1]!.c, CONTROL.done) === this.posted[t - 1];
  }

  /** Waits until kernel thread t (1-based) has done the last call posted to it. */
  waitIdle(t: number): void {
    this.waitDone(t, this.posted[t - 1]!, 'its last call');
  }

  /** Stops the threads (they exit at their next wake-up). */
  close(): void {
    const seq = this.nextSeq();
    for (const { c } of this.workers) {
      Atomics.store(c, CONTROL.stop, 1);
      Atomics.store(c, CONTROL.gen, seq);
      Atomics.store(c, CONTROL.seq, seq);
      Atomics.notify(c, CONTROL.seq);
    }
  }
}
