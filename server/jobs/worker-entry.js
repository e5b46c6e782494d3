// Entry point of every job worker thread: registers tsx so the TypeScript job module runs as
// it is, then runs it. Plain JavaScript because it must load before any TypeScript can.
// A `stop` message from the main thread sets `control.stopRequested`: a job that checks it
// (between steps, yielding to the event loop) can save its state and return early.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const control = { stopRequested: false };
parentPort.on('message', (m) => {
  if (m && m.type === 'stop') control.stopRequested = true;
});
parentPort.unref();
const { run } = await import(workerData.module);
try {
  const result = await run(workerData.params, (progress) => parentPort.postMessage({ type: 'progress', progress }), control);
  parentPort.postMessage({ type: 'done', result });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
}
