// `npm run bench:gpt`: quality and speed of GPT training. Trains the baby preset (4 layers, 4
// heads, 128 dims, context 64, no biases) char-level on Brown for 2000 steps (STEPS=… to change)
// on the fastest local backend (`auto`: a real GPU, else wasm, else CPU), and — with Debian's
// python3-torch installed — the identical model in PyTorch on the same token stream with the same
// recipe (constant lr 1e-3, AdamW β = (0.9, 0.95), weight decay 0.1 on matrices, clip 1.0,
// batch 12), evaluated on the same validation windows. Prints losses, bits per byte, tokens/s.
// V8's relaxed SIMD is turned on first, as `lmw` does (fused multiply-add in the wasm kernels).
import { setFlagsFromString } from 'node:v8';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brownText } from '../corpora/brown.ts';
import { selectBackend } from '../server/gpu/select-backend.ts';
import { charCodecFromText } from '../src/tokenizers/codec.ts';
import { presetConfig } from '../src/models/gpt/config.ts';
import { GptRun } from '../src/training/gpt-run.ts';
import { defaultTrainConfig, type GptTrainConfig } from '../src/training/gpt-train-config.ts';
import { splitTokens } from '../src/data/lm-batches.ts';
import { utf8Encode } from '../src/data/utf8.ts';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const STEPS = Number(process.env.STEPS ?? 2000);
const EVAL_BATCHES = 50;
const TORCH_THREADS = Number(process.env.TORCH_THREADS ?? 2);

const text = brownText();
const codec = charCodecFromText(text);
const model = presetConfig('baby', codec.vocabSize, { bias: false });
const recipe: GptTrainConfig = {
  ...defaultTrainConfig, steps: STEPS, batchSize: 12, lr: 1e-3, minLr: 1e-3, warmupSteps: 0, schedule: 'constant',
  weightDecay: 0.1, gradClip: 1, evalEvery: STEPS, evalBatches: EVAL_BATCHES, valFraction: 0.1, seed: 1337, sampleTokens: 200,
};
const ids = codec.encode(text);
const { val } = splitTokens(ids, recipe.valFraction, model.contextLength);
const tokensPerByte = val.length / utf8Encode(codec.decode(val)).length;
const bpb = (loss: number) => (loss / Math.LN2) * tokensPerByte;

interface Result {
  name: string;
  trainLoss: number;
  valLoss: number;
  tokensPerSec: number;
  msPerStep: number;
}

async function ours(): Promise<Result> {
  const { backend, label } = await selectBackend('auto');
  console.log(`ours on ${label}: ${STEPS} steps …`);
  const run = GptRun.create(backend, text, codec, model, recipe);
  const losses: number[] = [];
  const t0 = performance.now();
  while (!run.done) {
    const m = await run.step();
    losses.push(m.loss);
    if (m.step % 200 === 0) console.log(`  step ${m.step}: loss ${m.loss.toFixed(4)}, ${Math.round(m.tokensPerSec)} tok/s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const e = await run.evaluate();
  console.log(`  sample: ${JSON.stringify(e.sample.slice(0, 160))}`);
  run.dispose();
  const tail = losses.slice(-50);
  return {
    name: `ours (${label})`, trainLoss: tail.reduce((a, b) => a + b, 0) / tail.length, valLoss: e.valLoss,
    tokensPerSec: (STEPS * recipe.batchSize * model.contextLength) / seconds, msPerStep: (1000 * seconds) / STEPS,
  };
}

function torch(): Result | null {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status !== 0) {
    console.log('PyTorch: not installed — `sudo apt-get install python3-torch python3-numpy` to compare');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lmw-bench-gpt-'));
  try {
    const file = join(dir, 'tokens.bin');
    writeFileSync(file, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
    console.log(`PyTorch (${TORCH_THREADS} threads): ${STEPS} steps …`);
    const out = execFileSync('/usr/bin/python3', [
      'bench/gpt_torch.py', '--tokens', file, '--val-tokens', String(val.length), '--vocab', String(codec.vocabSize), '--steps', String(STEPS),
      '--batch', '12', '--context', String(model.contextLength), '--lr', '1e-3', '--beta2', '0.95', '--weight-decay', '0.1', '--clip', '1',
      '--eval-batches', String(EVAL_BATCHES), '--threads', String(TORCH_THREADS), '--seed', '1337',
    ], { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OPENBLAS_NUM_THREADS: String(TORCH_THREADS) }, maxBuffer: 1 << 20 });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { final_train_loss: number; val_loss: number; tokens_per_sec: number; ms_per_step: number };
    return { name: `PyTorch 1.13 CPU (${TORCH_THREADS} threads)`, trainLoss: r.final_train_loss, valLoss: r.val_loss, tokensPerSec: r.tokens_per_sec, msPerStep: r.ms_per_step };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [await ours(), torch()].filter((r): r is Result => r !== null);
console.log(`\nbaby GPT (${(ids.length / 1e6).toFixed(2)} M chars of Brown, vocab ${codec.vocabSize}), ${STEPS} steps, batch 12 × 64, eval on ${EVAL_BATCHES} × 12 validation windows`);
console.log('| run | train loss (last 50) | val loss | bits/byte | tokens/s | ms/step |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) console.log(`| ${r.name} | ${r.trainLoss.toFixed(3)} | ${r.valLoss.toFixed(3)} | ${bpb(r.valLoss).toFixed(3)} | ${Math.round(r.tokensPerSec)} | ${r.msPerStep.toFixed(1)} |`);
if (results.length === 2) {
  const [a, b] = results as [Result, Result];
  console.log(`\nval loss ours − PyTorch: ${(a.valLoss - b.valLoss).toFixed(3)} (goal ≤ 0.03); speed ours / PyTorch: ${(a.tokensPerSec / b.tokensPerSec).toFixed(2)}×`);
}
