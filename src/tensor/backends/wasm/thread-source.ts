// The source of a wasm kernel thread, as text so that Node (worker_threads, eval) and browsers
// (a Blob URL) can both start it: it instantiates the shared-memory kernels on the memory it is
// given and then sleeps on a control word (Atomics.wait: no spinning) until the main thread
// posts a product for it to run; it stores the sequence number in DONE and wakes the main
// thread. Control words: see CONTROL in wasm-module.ts.
export const THREAD_SOURCE = `
async function run(init) {
  const { bytes, memory, control, slot } = init;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  const c = new Int32Array(control, slot * 64, 16);
  const { matmul } = instance.exports;
  Atomics.store(c, 2, 1);
  Atomics.notify(c, 2);
  let seen = 0;
  for (;;) {
    Atomics.wait(c, 0, seen);
    seen = Atomics.load(c, 0);
    if (c[3] === 1) return;
    matmul(c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14]);
    Atomics.store(c, 1, seen);
    Atomics.notify(c, 1);
  }
}
`;
