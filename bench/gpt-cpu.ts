// `npm run bench:gpt-cpu`: training speed of the baby GPT (4 layers, 4 heads, 128 dims, context
// 64, batch 12, char-level Brown, pre-LN, learned positions, GELU tanh, tied embeddings, no
// biases, AdamW lr 1e-3, clip 1.0) on our wasm backend (1 and 2 threads) and the JS reference,
// and, in the same run, PyTorch on CPU (Debian's python3-torch, bench/gpt_torch.py) at 1 and 2
// threads with passive waiting. Prints tokens/s, ms/step (median and spread over interleaved
// rounds), GFLOP/s, the ratio to PyTorch's best, and a per-op profile of one wasm step (1 and 2
// threads). Each of ours runs in a child process (the kernels load once per process), with V8's
// relaxed SIMD on (fused multiply-add; Node 22 and Chrome have it).
// STEPS=… sets the number of timed steps of a run (default 40), ROUNDS=… the interleaved rounds
// (default 3).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { brownText } from '../corpora/brown.ts';
import { createCpuBackend, createWasmBackend, getKernel, kernelNames, registerKernel, type Backend, type WasmBackend } from '../src/tensor/index.ts';
import { charCodecFromText } from '../src/tokenizers/codec.ts';
import { presetConfig } from '../src/models/gpt/config.ts';
import { GptRun } from '../src/training/gpt-run.ts';
import { defaultTrainConfig } from '../src/training/gpt-train-config.ts';
import { spawnNodeThread } from '../server/gpu/wasm-threads.ts';

const STEPS = Number(process.env.STEPS ?? 40);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const WARMUP = 3;
const text = brownText();
const codec = charCodecFromText(text);
const model = presetConfig('baby', codec.vocabSize, { bias: false });
const { nLayer: L, nEmbd: C, contextLength: T, vocabSize: V } = model;
const B = 12;
// Matmul FLOPs of one step: forward per token 2·12C² per layer (qkv, proj, fc, proj), 4·T·C for
// Q·Kᵀ and P·V, 2·C·V for the logits; backward twice the forward.
const FLOPS = 3 * B * T * (L * (24 * C * C + 4 * T * C) + 2 * C * V);
const recipe = { ...defaultTrainConfig, steps: STEPS + WARMUP, batchSize: B, lr: 1e-3, minLr: 1e-3, warmupSteps: 0, schedule: 'constant' as const, weightDecay: 0.1, gradClip: 1, evalEvery: 1e9 };

interface Row {
  name: string;
  msPerStep: number;
}

async function timeSteps(backend: Backend, steps: number): Promise<number> {
  const run = GptRun.create(backend, text, codec, model, { ...recipe, steps: steps + WARMUP });
  for (let i = 0; i < WARMUP; i++) await run.step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await run.step();
  const ms = (performance.now() - t0) / steps;
  run.dispose();
  return ms;
}

/** Time per kernel over `steps` wasm steps, by wrapping every registered wasm kernel. */
async function profile(backend: Backend, steps: number): Promise<[string, number][]> {
  const times = new Map<string, number>();
  for (const op of kernelNames('wasm')) {
    const k = getKernel<(...a: unknown[]) => unknown>(op, 'wasm');
    registerKernel(op, 'wasm', (...a: unknown[]) => {
      const t = performance.now();
      const r = k(...a);
      times.set(op, (times.get(op) ?? 0) + performance.now() - t);
      return r;
    });
  }
  const run = GptRun.create(backend, text, codec, model, { ...recipe, steps: steps + WARMUP });
  for (let i = 0; i < WARMUP; i++) await run.step();
  times.clear();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await run.step();
  const total = (performance.now() - t0) / steps;
  run.dispose();
  const rows = [...times].map(([op, ms]): [string, number] => [op, ms / steps]).sort((a, b) => b[1] - a[1]);
  const kernels = rows.reduce((s, [, ms]) => s + ms, 0);
  return [...rows, ['(graph, autograd, allocation)', total - kernels], ['(whole step)', total]];
}

/** Child mode: `--wasm THREADS [--profile]` prints one JSON line. */
async function child(threads: number, withProfile: boolean): Promise<void> {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  const backend = (await createWasmBackend({ threads, spawn: spawnNodeThread })) as WasmBackend;
  const msPerStep = withProfile ? 0 : await timeSteps(backend, STEPS);
  const prof = withProfile ? await profile(backend, Math.min(STEPS, 10)) : [];
  console.log(JSON.stringify({ msPerStep, info: backend.info, profile: prof }));
  process.exit(0);
}

function ours(threads: number, withProfile = false): { msPerStep: number; info: WasmBackend['info']; profile: [string, number][] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/gpt-cpu.ts', '--wasm', String(threads), ...(withProfile ? ['--profile'] : [])], { encoding: 'utf8', env: process.env });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function torch(threads: number): Row {
  const dir = mkdtempSync(join(tmpdir(), 'lmw-bench-gpt-cpu-'));
  try {
    const file = join(dir, 'tokens.bin');
    const ids = codec.encode(text);
    writeFileSync(file, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
    const out = execFileSync('/usr/bin/python3', [
      'bench/gpt_torch.py', '--tokens', file, '--val-tokens', String(Math.floor(ids.length / 10)), '--vocab', String(V), '--steps', String(STEPS + WARMUP),
      '--batch', String(B), '--context', String(T), '--lr', '1e-3', '--clip', '1', '--threads', String(threads),
    ], { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) } });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { ms_per_step: number };
    return { name: `PyTorch CPU, ${threads} thread${threads > 1 ? 's' : ''}`, msPerStep: r.ms_per_step };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--wasm');
if (at > 0) await child(Number(process.argv[at + 1]), process.argv.includes('--profile'));

// The contenders run in interleaved rounds (ours 1 and 2 threads, PyTorch 1 and 2 threads, then
// again), each a fresh process, and each is reported by its median over the rounds: on a shared
// machine a slow spell then hits every contender alike instead of deciding the ratio.
const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) console.log('PyTorch: not installed — `sudo apt-get install python3-torch python3-numpy` to compare');
const samples = new Map<string, number[]>();
const record = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
for (let round = 0; round < ROUNDS; round++) {
  for (const threads of [1, 2]) {
    const r = ours(threads);
    record(`ours: wasm, ${r.info.threads} thread${r.info.threads > 1 ? 's' : ''} (${r.info.relaxedSimd ? 'relaxed SIMD, FMA' : 'SIMD'})`, r.msPerStep);
  }
  if (hasTorch) for (const threads of [1, 2]) { const r = torch(threads); record(r.name, r.msPerStep); }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const rows: (Row & { spread: string })[] = [...samples].map(([name, xs]) => ({
  name, msPerStep: median(xs), spread: `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`,
}));
rows.splice(2, 0, { name: 'ours: cpu (JS reference), one run', msPerStep: await timeSteps(createCpuBackend(), Math.max(2, Math.round(STEPS / 20))), spread: '–' });

const best = hasTorch ? Math.min(...rows.filter((r) => r.name.startsWith('PyTorch')).map((r) => r.msPerStep)) : null;
console.log(`\nbaby GPT training step (B=${B}, T=${T}, C=${C}, ${L} layers, vocab ${V}): ${(FLOPS / 1e9).toFixed(2)} GFLOP of matmul per step, ${STEPS} steps a run, median of ${ROUNDS} interleaved rounds`);
console.log('| run | tokens/s | ms/step (median) | ms/step (min–max) | GFLOP/s | vs PyTorch best |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const ratio = best === null ? '–' : `${(best / r.msPerStep).toFixed(2)}×`;
  console.log(`| ${r.name} | ${Math.round((B * T * 1000) / r.msPerStep)} | ${r.msPerStep.toFixed(1)} | ${r.spread} | ${(FLOPS / r.msPerStep / 1e6).toFixed(1)} | ${ratio} |`);
}
console.log('\nwhere one wasm step goes (ms per step, by kernel, with the profiler’s own overhead):');
const [one, two] = [new Map(ours(1, true).profile), new Map(ours(2, true).profile)];
console.log(`  ${'kernel'.padEnd(30)} ${'1 thread'.padStart(9)} ${'2 threads'.padStart(10)}`);
for (const [op, ms] of one) console.log(`  ${op.padEnd(30)} ${ms.toFixed(1).padStart(9)} ${(two.get(op) ?? 0).toFixed(1).padStart(10)}`);
