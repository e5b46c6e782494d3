// `npm run bench:encoder`: the encoder classifier on SpamAssassin (bundled `spam-assassin`) with
// the library's default recipe (src/training/encoder/config.ts) on the wasm backend (relaxed SIMD,
// THREADS kernel threads, default 2): MLM pretraining then fine-tuning, beside the tf-idf logistic
// regression baseline on the same stratified split; then fine-tuning from random weights for the
// same steps with the same tokenizer; then the same encoder in PyTorch (bench/encoder_torch.py,
// Debian's python3-torch) at 1 and 2 threads on the same encoded texts. Prints test macro-F1 and
// accuracy of each, and tokens/s of ours (median over the run's steps) against PyTorch's best.
// MLM_STEPS=…, STEPS=…, EVAL_EVERY=… shorten the recipe; TORCH_STEPS=… the timed PyTorch steps.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { spamAssassinText } from '../corpora/spam-assassin.ts';
import { parseLabelled } from '../src/data/labelled.ts';
import { createWasmBackend } from '../src/tensor/index.ts';
import { bertPresets } from '../src/models/bert/config.ts';
import { defaultEncoderTrainConfig, trainEncoder, type EncoderEvent, type EncoderTrainConfig } from '../src/training/encoder/index.ts';
import { spawnNodeThread } from '../server/gpu/wasm-threads.ts';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const THREADS = env('THREADS') ?? 2;
const overrides: Partial<EncoderTrainConfig> = Object.fromEntries(
  ([['mlmSteps', env('MLM_STEPS')], ['steps', env('STEPS')], ['evalEvery', env('EVAL_EVERY')]] as const).filter(([, v]) => v !== undefined),
);
const recipe = { ...defaultEncoderTrainConfig, ...overrides };
const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (x: number) => (100 * x).toFixed(2);

const examples = parseLabelled(spamAssassinText());
const texts = examples.map((e) => e.text);
const labels = examples.map((e) => e.label);
const backend = await createWasmBackend({ threads: THREADS, spawn: spawnNodeThread });
console.log(`bench:encoder — ${examples.length} SpamAssassin texts, ${recipe.preset}, context ${recipe.contextLength}, vocab ${recipe.vocabSize}, MLM ${recipe.mlmSteps} + fine-tune ${recipe.steps} steps, wasm ${THREADS} thread(s)`);

function logger(name: string, ms: { mlm: number[]; finetune: number[]; tokens: { mlm: number[]; finetune: number[] } }) {
  return (e: EncoderEvent) => {
    if (e.type === 'step') {
      ms[e.stage].push(e.msPerStep);
      ms.tokens[e.stage].push(e.tokensPerSec);
    } else if (e.type === 'eval') {
      console.log(`  [${name} ${secs()} s] ${e.stage === 'mlm' ? `MLM step ${e.step}: held-out loss ${e.mlmLoss.toFixed(3)}, masked-token accuracy ${pct(e.maskedAccuracy)} %` : `fine-tune step ${e.step}: val macro-F1 ${pct(e.valMacroF1)}${e.improved ? ' (best)' : ''}`}`);
    } else if (e.type === 'baseline') {
      console.log(`  [${secs()} s] baseline tf-idf + logistic regression (${e.features} features, L2 ${e.l2}): test macro-F1 ${pct(e.test.macroF1)}, accuracy ${pct(e.test.accuracy)}`);
    }
  };
}

const start = performance.now();
const statsA = { mlm: [] as number[], finetune: [] as number[], tokens: { mlm: [] as number[], finetune: [] as number[] } };
const a = await trainEncoder(backend, texts, labels, recipe, logger('pretrained', statsA));
const minutesA = (performance.now() - start) / 60_000;
const tokenizer = a.run.tokenizer;
const seqs = texts.map((t) => tokenizer.encode(t, recipe.contextLength, recipe.truncation));
a.run.dispose();
const statsB = { mlm: [] as number[], finetune: [] as number[], tokens: { mlm: [] as number[], finetune: [] as number[] } };
const b = await trainEncoder(backend, texts, labels, { ...recipe, mlmSteps: 0 }, logger('scratch', statsB), { tokenizer, baseline: false });
b.run.dispose();

console.log(`\nTest split (${a.split.test.length} texts; train ${a.split.train.length}, val ${a.split.val.length}; seed ${recipe.seed}):`);
console.log('| model | test macro-F1 | test accuracy |');
console.log('|---|---|---|');
console.log(`| tf-idf + logistic regression (baseline) | ${pct(a.baseline!.macroF1)} | ${pct(a.baseline!.accuracy)} |`);
console.log(`| encoder, MLM ${recipe.mlmSteps} steps then fine-tuned ${recipe.steps} | ${pct(a.test.macroF1)} | ${pct(a.test.accuracy)} |`);
console.log(`| encoder, fine-tuned ${recipe.steps} steps from random weights | ${pct(b.test.macroF1)} | ${pct(b.test.accuracy)} |`);
console.log(`encoder − baseline: ${((a.test.macroF1 - a.baseline!.macroF1) * 100).toFixed(2)} macro-F1 points; pretrained − scratch: ${((a.test.macroF1 - b.test.macroF1) * 100).toFixed(2)} points; pretrained run took ${minutesA.toFixed(1)} min (tokenizer, baseline, both stages, evaluations)`);
// PyTorch on the same encoded texts: label, length, ids per text.
const dir = mkdtempSync(join(tmpdir(), 'lmw-bench-encoder-'));
const words = [texts.length, ...seqs.flatMap((s, i) => [a.labels.indexOf(labels[i]!), s.length, ...s])];
writeFileSync(join(dir, 'data.bin'), new Uint8Array(Int32Array.from(words).buffer));
const p = bertPresets[recipe.preset];
const firstSpecial = Math.min(tokenizer.pad, tokenizer.unk, tokenizer.cls, tokenizer.sep, tokenizer.mask);
const torch = [1, 2].flatMap((threads) => {
  const args = ['bench/encoder_torch.py', '--data', join(dir, 'data.bin'), '--vocab', String(tokenizer.vocabSize), '--first_special', String(firstSpecial), '--mask', String(tokenizer.mask), '--pad', String(tokenizer.pad),
    '--layers', String(p.nLayer), '--heads', String(p.nHead), '--dim', String(p.nEmbd), '--inner', String(p.intermediateSize), '--positions', String(p.contextLength),
    '--batch', String(recipe.batchSize), '--threads', String(threads), '--labels', String(a.labels.length), '--steps', String(env('TORCH_STEPS') ?? 30)];
  try {
    const out = execFileSync('/usr/bin/python3', args, { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } });
    return [JSON.parse(out.trim().split('\n').at(-1)!) as { threads: number; mlm: { tokensPerSec: number; msPerStep: number }; finetune: { tokensPerSec: number; msPerStep: number } }];
  } catch (err) {
    console.log(`PyTorch at ${threads} thread(s) failed: ${err instanceof Error ? err.message.split('\n').slice(-3).join(' ') : String(err)}`);
    return [];
  }
});
rmSync(dir, { recursive: true, force: true });

console.log('\nTraining speed (tokens/s counts the padded batch, B·T):');
console.log('| run | MLM tokens/s | MLM ms/step | fine-tune tokens/s | fine-tune ms/step |');
console.log('|---|---|---|---|---|');
const ours = { mlm: median(statsA.tokens.mlm), finetune: median([...statsA.tokens.finetune, ...statsB.tokens.finetune]) };
console.log(`| ours, wasm ${THREADS} thread(s) | ${ours.mlm.toFixed(0)} | ${median(statsA.mlm).toFixed(0)} | ${ours.finetune.toFixed(0)} | ${median([...statsA.finetune, ...statsB.finetune]).toFixed(0)} |`);
for (const t of torch) console.log(`| PyTorch, ${t.threads} thread(s) | ${t.mlm.tokensPerSec.toFixed(0)} | ${t.mlm.msPerStep.toFixed(0)} | ${t.finetune.tokensPerSec.toFixed(0)} | ${t.finetune.msPerStep.toFixed(0)} |`);
if (torch.length) {
  const best = { mlm: Math.max(...torch.map((t) => t.mlm.tokensPerSec)), finetune: Math.max(...torch.map((t) => t.finetune.tokensPerSec)) };
  console.log(`ours vs PyTorch's best: MLM ${(ours.mlm / best.mlm).toFixed(2)}×, fine-tune ${(ours.finetune / best.finetune).toFixed(2)}×`);
}
process.exit(0);
