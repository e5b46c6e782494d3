// The source of a wasm kernel thread, as text so that Node (worker_threads, eval) and browsers
// (a Blob URL) can both start it: it instantiates a module's shared-memory build on the memory it
// is given — the engine's kernels, or a model's own module through the extension point
// (wasm-extension.ts) — and then waits on a control word, spinning for SPIN_MS after each call,
// then asleep in Atomics.wait (re-checking the word every 20 ms, since a notify is now and then
// lost), until the main thread posts a call for it (which export, by its index in the `kernels`
// names it was started with, and up to MAX_ARGS arguments as float64); it stores the sequence
// number in DONE and wakes the main thread. Control words: see CONTROL in kernel-threads.ts.

/** The engine's kernels that can be split over threads: each takes the range of work it does as arguments. */
export const PARALLEL_KERNELS = [
  'matmulChunks', 'attentionQkvForwardChunks', 'attentionQkvBackwardChunks', 'geluTanh', 'geluTanhBackward', 'geluErf', 'geluErfBackward', 'layerNormForward', 'layerNormBackward',
  'binaryRepeat', 'adamStep', 'matvecChunks',
] as const;
export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];
/** Bytes of control words per kernel thread: int32 words, then from byte 32 the arguments. */
export const SLOT_BYTES = 192;
/** How long a kernel thread spins for the next call before it sleeps (ms). */
export const SPIN_MS = 0.5;
/** Arguments one call can take (float64 each). */
export const MAX_ARGS = 16;

export const THREAD_SOURCE = `
async function run(init) {
  const { bytes, memory, control, slot, kernels } = init;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  const c = new Int32Array(control, slot * ${SLOT_BYTES}, 8);
  const a = new Int32Array(control, slot * ${SLOT_BYTES} + 32, ${2 * MAX_ARGS});
  const fns = kernels.map((name) => instance.exports[name]);
  Atomics.store(c, 2, 1);
  Atomics.notify(c, 2);
  let seen = 0;
  const x = new Float64Array(${MAX_ARGS});
  const xw = new Int32Array(x.buffer);
  for (;;) {
    // Kernel calls come in bursts (a training step): spin a little before sleeping, since a
    // wake-up from Atomics.wait costs more than a small kernel.
    const until = performance.now() + ${SPIN_MS};
    while (Atomics.load(c, 0) === seen && performance.now() < until) for (let i = 0; i < 64; i++) if (Atomics.load(c, 0) !== seen) break;
    while (Atomics.load(c, 0) === seen) Atomics.wait(c, 0, seen, 20);
    // The latest call's arguments, read again if the main thread began posting a newer call
    // meanwhile (it can: it does not wait for a thread that took no chunk of a product). Every
    // word is read with Atomics, so no read can pass the check of gen after them.
    let fn;
    for (;;) {
      seen = Atomics.load(c, 0);
      fn = Atomics.load(c, 4);
      for (let i = 0; i < ${2 * MAX_ARGS}; i++) xw[i] = Atomics.load(a, i);
      if (Atomics.load(c, 5) === seen) break;
    }
    if (c[3] === 1) return;
    fns[fn](x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15]);
    Atomics.store(c, 1, seen);
    Atomics.notify(c, 1);
  }
}
`;
