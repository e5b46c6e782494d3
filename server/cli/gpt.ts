// `lmw train gpt` and `lmw sample`: train a GPT on a corpus (stored id/name or a text file) with a
// char or BPE tokenizer on the chosen backend, with a progress bar (step, loss, val loss,
// tokens/s, ETA) and a sample at each evaluation; Ctrl-C saves a checkpoint. The out folder is
// a GPT-2 folder of the best validation weights; out/checkpoint/ resumes the run (--resume).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../errors.ts';
import { gpt2Tokenizer } from '../tokenizers/gpt2.ts';
import { readCheckpointFolder, RESUME_FILES, writeCheckpointFolder } from '../storage/checkpoint-folder.ts';
import { BACKEND_CHOICES, selectBackend } from '../gpu/select-backend.ts';
import { bpeCodec, charCodecFromText, codecFromTokenizerJson, type TokenCodec } from '../../src/tokenizers/codec.ts';
import { presetConfig, type GptConfig, type GptPresetName } from '../../src/models/gpt/config.ts';
import { GptRun } from '../../src/training/gpt-run.ts';
import { defaultTrainConfig, type GptTrainConfig } from '../../src/training/gpt-train-config.ts';
import { loadGptCheckpoint } from '../../src/training/gpt-checkpoint.ts';
import { generate } from '../../src/models/gpt/generate.ts';
import { corpusText } from './tokenizer.ts';
import { ProgressBar } from './progress-bar.ts';
import { DATA_DIR_OPTION, intArg, type DataFlags } from './shared.ts';

interface TrainGptFlags extends DataFlags {
  corpus: string;
  tokenizer: string;
  preset: GptPresetName;
  nLayer?: number;
  nHead?: number;
  nEmbd?: number;
  contextLength?: number;
  dropout?: number;
  ln: 'pre' | 'post';
  positions: 'learned' | 'sinusoidal';
  bias: boolean;
  steps: number;
  batchSize: number;
  gradAccum: number;
  lr: number;
  minLr?: number;
  warmup: number;
  schedule: GptTrainConfig['schedule'];
  weightDecay: number;
  clip: number;
  evalEvery: number;
  patience?: number;
  seed: number;
  backend: string;
  out: string;
  resume?: boolean;
}

function floatArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

function codecFor(spec: string, text: string): TokenCodec {
  if (spec === 'char') return charCodecFromText(text);
  if (spec === 'gpt2') return bpeCodec(gpt2Tokenizer());
  const file = existsSync(spec) && statSync(spec).isDirectory() ? join(spec, 'tokenizer.json') : spec;
  if (!existsSync(file)) throw new UserError(404, `no tokenizer at "${spec}" (give char, gpt2, or a folder with tokenizer.json)`);
  return codecFromTokenizerJson(readFileSync(file, 'utf8'));
}

function modelConfig(f: TrainGptFlags, vocabSize: number): GptConfig {
  const o: Partial<GptConfig> = { lnPlacement: f.ln, positions: f.positions, bias: f.bias };
  if (f.nLayer !== undefined) o.nLayer = f.nLayer;
  if (f.nHead !== undefined) o.nHead = f.nHead;
  if (f.nEmbd !== undefined) o.nEmbd = f.nEmbd;
  if (f.contextLength !== undefined) o.contextLength = f.contextLength;
  if (f.dropout !== undefined) o.dropout = f.dropout;
  return presetConfig(f.preset, vocabSize, o);
}

function trainConfig(f: TrainGptFlags): GptTrainConfig {
  return {
    ...defaultTrainConfig, steps: f.steps, batchSize: f.batchSize, gradAccum: f.gradAccum, lr: f.lr, minLr: f.minLr ?? f.lr / 10,
    warmupSteps: Math.min(f.warmup, f.steps), schedule: f.schedule, weightDecay: f.weightDecay, gradClip: f.clip,
    evalEvery: f.evalEvery, patience: f.patience ?? null, seed: f.seed,
  };
}

const eta = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

async function trainGpt(f: TrainGptFlags): Promise<void> {
  const text = await corpusText(f);
  const { backend, label } = await selectBackend(f.backend);
  const resumeDir = join(f.out, 'checkpoint');
  let run: GptRun;
  if (f.resume) {
    run = await GptRun.resume(backend, text, readCheckpointFolder(resumeDir, RESUME_FILES, ['config.json', 'model.safetensors', 'tokenizer.json', 'trainer-state.json']));
    process.stderr.write(`resuming at step ${run.stepsDone} of ${run.train.steps}\n`);
  } else {
    const codec = codecFor(f.tokenizer, text);
    run = GptRun.create(backend, text, codec, modelConfig(f, codec.vocabSize), trainConfig(f));
  }
  const c = run.model.config;
  process.stderr.write(`GPT ${c.nLayer} layers × ${c.nHead} heads × ${c.nEmbd} dims, context ${c.contextLength}, vocab ${c.vocabSize} (${run.codec.kind}), ${(run.model.parameterCount / 1e6).toFixed(2)} M parameters on ${label}\n`);
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.on('SIGINT', onSigint);
  const save = async () => {
    writeCheckpointFolder(resumeDir, await run.checkpoint());
    writeCheckpointFolder(f.out, await run.bestCheckpoint());
  };
  const bar = new ProgressBar('training');
  let valLoss = NaN;
  let msTotal = 0;
  let stepsTimed = 0;
  try {
    while (!run.done && !interrupted) {
      const m = await run.step();
      await new Promise((r) => setImmediate(r)); // CPU steps never leave the microtask queue: let SIGINT in
      msTotal += m.msPerStep;
      stepsTimed++;
      const left = (run.train.steps - m.step) * (msTotal / stepsTimed);
      bar.update(m.step / run.train.steps, `step ${m.step}/${run.train.steps} loss ${m.loss.toFixed(4)} val ${Number.isNaN(valLoss) ? '–' : valLoss.toFixed(4)} ${Math.round(m.tokensPerSec)} tok/s ETA ${eta(left)}`);
      if (m.step % run.train.evalEvery === 0 || run.done) {
        const e = await run.evaluate();
        valLoss = e.valLoss;
        process.stderr.write(`\nstep ${e.step}: val loss ${e.valLoss.toFixed(4)}, perplexity ${e.perplexity.toFixed(2)}, ${e.bitsPerByte.toFixed(3)} bits/byte${e.improved ? ' (best)' : ''}\n--- sample ---\n${e.sample}\n--------------\n`);
        await save();
      }
    }
    await save();
    bar.done(interrupted ? `stopped at step ${run.stepsDone}; checkpoint saved — continue with --resume --out ${f.out}` : `trained ${run.stepsDone} steps; best val loss ${run.bestValLoss?.toFixed(4) ?? '–'} → ${f.out}`);
    if (interrupted) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSigint);
    run.dispose();
  }
}

interface SampleFlags {
  model: string;
  prompt: string;
  maxNewTokens: number;
  temperature: number;
  topK?: number;
  topP?: number;
  seed: number;
  backend: string;
}

async function sample(f: SampleFlags): Promise<void> {
  const { backend } = await selectBackend(f.backend);
  const { model, codec } = await loadGptCheckpoint(backend, readCheckpointFolder(f.model, ['config.json', 'model.safetensors', 'tokenizer.json']));
  try {
    const { text } = await generate(model, codec, f.prompt, { maxNewTokens: f.maxNewTokens, temperature: f.temperature, topK: f.topK, topP: f.topP, seed: f.seed });
    process.stdout.write(`${text}\n`);
  } finally {
    model.dispose();
  }
}

export function addGptTrainCommand(train: Command): void {
  train
    .command('gpt')
    .description('train a GPT on a corpus; Ctrl-C saves a checkpoint to resume from')
    .requiredOption('--corpus <id|path>', 'a stored corpus (id or name) or a UTF-8 text file')
    .option('--tokenizer <dir|char|gpt2>', 'a folder with tokenizer.json, "char" or "gpt2"', 'char')
    .option('--preset <name>', 'baby (4×4×128, ctx 64), small (6×6×384, ctx 256) or gpt2 (12×12×768, ctx 1024)', 'baby')
    .option('--n-layer <n>', 'layers (overrides the preset)', intArg)
    .option('--n-head <n>', 'heads', intArg)
    .option('--n-embd <n>', 'width (divisible by heads)', intArg)
    .option('--context-length <n>', 'context length', intArg)
    .option('--dropout <p>', 'dropout', floatArg)
    .option('--ln <pre|post>', 'layer-norm placement', 'pre')
    .option('--positions <learned|sinusoidal>', 'position encoding', 'learned')
    .option('--no-bias', 'no biases in the linear layers')
    .option('--steps <n>', 'optimizer steps', intArg, 2000)
    .option('--batch-size <n>', 'sequences per micro-batch', intArg, 12)
    .option('--grad-accum <n>', 'micro-batches per step', intArg, 1)
    .option('--lr <lr>', 'peak learning rate', floatArg, 1e-3)
    .option('--min-lr <lr>', 'cosine floor (default lr/10)', floatArg)
    .option('--warmup <n>', 'warmup steps', intArg, 100)
    .option('--schedule <s>', 'cosine, constant, step or exponential', 'cosine')
    .option('--weight-decay <wd>', 'AdamW weight decay on matrices', floatArg, 0.1)
    .option('--clip <norm>', 'gradient clipping (0: off)', floatArg, 1)
    .option('--eval-every <n>', 'steps between evaluations', intArg, 200)
    .option('--patience <n>', 'stop after n evaluations without improvement', intArg)
    .option('--seed <n>', 'random seed', intArg, 1337)
    .option('--backend <b>', BACKEND_CHOICES.join('|'), 'auto')
    .option('--resume', 'continue the run saved in <out>/checkpoint')
    .requiredOption('--out <dir>', 'output folder (GPT-2 layout; resume state in <out>/checkpoint)')
    .option(...DATA_DIR_OPTION)
    .action((f: TrainGptFlags) => trainGpt(f));
}

export function addSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('continue a prompt with a trained GPT (a GPT-2 folder)')
    .requiredOption('--model <dir>', 'a folder with config.json, model.safetensors, tokenizer.json')
    .option('--prompt <text>', 'the text to continue', '')
    .option('--max-new-tokens <n>', 'tokens to generate', intArg, 200)
    .option('--temperature <t>', '0 is greedy', floatArg, 1)
    .option('--top-k <k>', 'keep the k most likely tokens', intArg)
    .option('--top-p <p>', 'nucleus sampling', floatArg)
    .option('--seed <n>', 'random seed', intArg, 0)
    .option('--backend <b>', BACKEND_CHOICES.join('|'), 'cpu')
    .action((f: SampleFlags) => sample(f));
}
