// Child process of peak-memory.test.ts: loads the folder given on the command line onto the CPU
// backend and prints, as JSON, the resident set before loading, the peak (VmHWM) after, and the
// model's float32 size. A separate process, so the peak is this load's alone.
import { readFileSync } from 'node:fs';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { nodeFolder } from './node-folder.ts';

const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

const backend = createCpuBackend();
const before = kib('VmRSS');
const started = performance.now();
const p = await loadPretrained(backend, nodeFolder(process.argv[2]!));
const seconds = (performance.now() - started) / 1000;
const float32Bytes = p.model.parameters().reduce((n, t) => n + t.size * 4, 0);
console.log(JSON.stringify({ before, peak: kib('VmHWM'), float32Bytes, seconds }));
