// One fuzz target's mutants in a worker thread, so a hang can be cut off by the test. Plain
// JavaScript: it caps allocations before any TypeScript (tsx) loads. Every typed array, buffer and
// array built with a length is checked against the cap: a reader that allocates from a header
// before checking it fails here as "allocation over the cap", not as the machine running out.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

class AllocationCapError extends Error {}
const CAP = workerData.capBytes;
const guard = (name, width) => (length) => {
  if (typeof length === 'number' && length * width > CAP) throw new AllocationCapError(`new ${name}(${length}): ${length * width} bytes, over the ${CAP}-byte cap`);
};
for (const [name, width] of [['ArrayBuffer', 1], ['SharedArrayBuffer', 1], ['Uint8Array', 1], ['Int8Array', 1], ['Uint16Array', 2], ['Int16Array', 2], ['Uint32Array', 4], ['Int32Array', 4], ['Float32Array', 4], ['Float64Array', 8], ['Array', 8]]) {
  const check = guard(name, width);
  globalThis[name] = new Proxy(globalThis[name], {
    construct(target, args, newTarget) {
      check(args[0]);
      return Reflect.construct(target, args, newTarget === globalThis[name] ? target : newTarget);
    },
    apply(target, self, args) {
      if (name === 'Array' && args.length === 1) check(args[0]);
      return Reflect.apply(target, self, args);
    },
  });
}

register();
const { runTarget } = await import('./run-target.ts');
await runTarget(workerData, (e) => e instanceof AllocationCapError, (m) => parentPort.postMessage(m));
