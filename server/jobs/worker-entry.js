// Entry point of every job worker thread: registers tsx so the TypeScript job module runs as
// it is, then runs it. Plain JavaScript because it must load before any TypeScript can.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const { run } = await import(workerData.module);
try {
  const result = await run(workerData.params, (progress) => parentPort.postMessage({ type: 'progress', progress }));
  parentPort.postMessage({ type: 'done', result });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
}
