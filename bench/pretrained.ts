// `npm run bench:pretrained`: our engine (wasm backend, kernel threads) against onnxruntime-node
// on the same weights, in one run: a forward pass over a 128-token prompt and greedy generation
// with the KV cache (tokens/s), at 1 and 2 threads, for the real stories260K (../shared; skipped
// when absent) and a GPT-2-124M-shaped model with random weights, exported by our ONNX exporter.
// Also our load time and peak resident memory (a child process per run, Linux VmHWM).
// PROMPT=… and NEW=… set the prompt length (default 128) and the generated tokens (default 32).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createCpuBackend, createWasmBackend, fromArray, noGrad, scope } from '../src/tensor/index.ts';
import { Rng } from '../src/nn/random.ts';
import { withoutInit } from '../src/nn/module.ts';
import { GPT } from '../src/models/gpt/gpt.ts';
import { presetConfig } from '../src/models/gpt/config.ts';
import { generateIds, type Decoder } from '../src/models/gpt/generate.ts';
import { gptWeights } from '../src/training/gpt-checkpoint.ts';
import { toHfConfig } from '../src/models/gpt/config.ts';
import { gptToOnnx } from '../src/pretrained/onnx-gpt.ts';
import { loadPretrained } from '../src/pretrained/load.ts';
import { nodeFolder } from '../tests/src/pretrained/node-folder.ts';
import { spawnNodeThread } from '../server/gpu/wasm-threads.ts';

const PROMPT = Number(process.env.PROMPT ?? 128);
const NEW = Number(process.env.NEW ?? 32);
const STORIES = join(import.meta.dirname, '../../shared/data/pretrained/stories260K');
const prompt = Array.from({ length: PROMPT }, (_, i) => 1 + ((i * 37) % 250));
const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

interface Timing {
  forwardMs: number;
  tokensPerSecond: number;
  tokens: number[];
}

/** Child: load the folder on wasm with `threads` kernel threads, time a forward pass and greedy generation. */
async function child(folder: string, threads: number): Promise<void> {
  const backend = await createWasmBackend({ threads, spawn: spawnNodeThread });
  const before = kib('VmRSS');
  const t0 = performance.now();
  const p = await loadPretrained(backend, nodeFolder(folder));
  const loadSeconds = (performance.now() - t0) / 1000;
  const peak = kib('VmHWM') - before;
  const model = p.model as Decoder;
  const forward = () => {
    const out = scope(() => noGrad(() => model.forward(fromArray(backend, Int32Array.from(prompt), [1, PROMPT], 'int32')).logits));
    return out.data().then(() => out.dispose());
  };
  await forward();
  const f0 = performance.now();
  for (let i = 0; i < 3; i++) await forward();
  const forwardMs = (performance.now() - f0) / 3;
  await generateIds(model, prompt.slice(0, 8), { maxNewTokens: 4, temperature: 0, stopAtEndOfText: false });
  const g0 = performance.now();
  const tokens = await generateIds(model, prompt, { maxNewTokens: NEW, temperature: 0, stopAtEndOfText: false });
  const tokensPerSecond = NEW / ((performance.now() - g0) / 1000);
  console.log(JSON.stringify({ forwardMs, tokensPerSecond, tokens, loadSeconds, peak }));
  process.exit(0);
}

function ours(folder: string, threads: number): Timing & { loadSeconds: number; peak: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/pretrained.ts', '--ours', folder, String(threads)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** onnxruntime-node on the same graph: the prompt once, then one token at a time on the returned cache. */
async function onnx(file: string, threads: number, kvHeads: number, headDim: number, layers: number): Promise<Timing> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const int64 = (v: number[]) => new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), [1, v.length]);
  const run = async (ids: number[], start: number, past: Record<string, ort.Tensor> | null) => {
    const feeds: Record<string, ort.Tensor> = { input_ids: int64(ids), attention_mask: int64(Array(start + ids.length).fill(1)), position_ids: int64(ids.map((_, i) => start + i)) };
    for (let i = 0; i < layers; i++) for (const n of ['key', 'value']) feeds[`past_key_values.${i}.${n}`] = past?.[`present.${i}.${n}`] ?? new ort.Tensor('float32', new Float32Array(0), [1, kvHeads, 0, headDim]);
    return session.run(feeds);
  };
  const argmaxLast = (logits: ort.Tensor) => {
    const d = logits.data as Float32Array;
    const V = logits.dims[2]!;
    const row = d.subarray(d.length - V);
    let best = 0;
    for (let i = 1; i < V; i++) if (row[i]! > row[best]!) best = i;
    return best;
  };
  await run(prompt, 0, null);
  const f0 = performance.now();
  for (let i = 0; i < 3; i++) await run(prompt, 0, null);
  const forwardMs = (performance.now() - f0) / 3;
  const g0 = performance.now();
  let out = await run(prompt, 0, null);
  const tokens: number[] = [];
  while (tokens.length < NEW) {
    tokens.push(argmaxLast(out.logits!));
    if (tokens.length < NEW) out = await run([tokens.at(-1)!], PROMPT + tokens.length - 1, out);
  }
  const tokensPerSecond = NEW / ((performance.now() - g0) / 1000);
  await session.release();
  return { forwardMs, tokensPerSecond, tokens };
}

/** A GPT-2-124M-shaped folder with random weights: model.safetensors for us, onnx/model.onnx from our exporter. */
async function gpt2Folder(dir: string): Promise<string> {
  const config = presetConfig('gpt2', 50257);
  const model = withoutInit(() => new GPT(config, createCpuBackend(), new Rng(0)));
  const rng = new Rng(1);
  for (const [name, t] of model.namedParameters()) {
    const ln = /ln_\w+\.weight$/.test(name);
    const base = Float32Array.from({ length: 4096 }, () => (ln ? 1 : 0) + 0.02 * rng.normal());
    t.backend.write(t.storage, Float32Array.from({ length: t.size }, (_, i) => base[i % 4096]!));
  }
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(toHfConfig(config)));
  writeFileSync(join(dir, 'model.safetensors'), await gptWeights(model));
  writeFileSync(join(dir, 'onnx/model.onnx'), await gptToOnnx(model));
  model.dispose();
  return dir;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'lmw-bench-pretrained-'));
  try {
    const cases: { name: string; folder: string; onnxFile: string; kvHeads: number; headDim: number; layers: number }[] = [];
    if (existsSync(join(STORIES, 'model.safetensors'))) cases.push({ name: 'stories260K (Llama, 0.26M)', folder: STORIES, onnxFile: join(STORIES, 'onnx/model.onnx'), kvHeads: 4, headDim: 8, layers: 5 });
    else console.log('stories260K skipped: ../shared/data/pretrained is absent');
    const g = await gpt2Folder(join(tmp, 'gpt2'));
    cases.push({ name: 'GPT-2 124M shape (random)', folder: g, onnxFile: join(g, 'onnx/model.onnx'), kvHeads: 12, headDim: 64, layers: 12 });
    console.log(`prompt ${PROMPT} tokens, ${NEW} greedy tokens; ours = wasm backend with kernel threads, peer = onnxruntime-node ${ort.env.versions.node ?? ''} (intra-op threads)`);
    console.log('model                         threads  forward ms ours / ort (ratio)   generate tok/s ours / ort (ratio)   same tokens  load s  peak MiB');
    for (const c of cases) {
      for (const threads of [1, 2]) {
        const a = ours(c.folder, threads);
        const b = await onnx(c.onnxFile, threads, c.kvHeads, c.headDim, c.layers);
        const same = a.tokens.every((t, i) => t === b.tokens[i]);
        console.log(
          `${c.name.padEnd(30)}${String(threads).padStart(7)}  ${a.forwardMs.toFixed(1).padStart(8)} / ${b.forwardMs.toFixed(1).padStart(8)} (${(b.forwardMs / a.forwardMs).toFixed(2)}×)` +
            `   ${a.tokensPerSecond.toFixed(1).padStart(8)} / ${b.tokensPerSecond.toFixed(1).padStart(8)} (${(a.tokensPerSecond / b.tokensPerSecond).toFixed(2)}×)` +
            `   ${same ? 'yes' : 'NO '}        ${a.loadSeconds.toFixed(1).padStart(5)}  ${(a.peak / 2 ** 20).toFixed(0).padStart(8)}`,
        );
      }
    }
    console.log('ratios: > 1 means our engine is faster than onnxruntime on the same weights and threads');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--ours') await child(process.argv[3]!, Number(process.argv[4]));
else await main();
