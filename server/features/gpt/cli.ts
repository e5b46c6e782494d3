// `lmw train gpt` and `lmw sample`: train a GPT on a corpus (stored id/name or a text file) with a
// char or BPE tokenizer on the chosen backend, driving the one training session with a progress
// bar (step, loss, val loss, tokens/s, ETA) and a sample at each evaluation; Ctrl-C saves a
// checkpoint. Model and recipe flags are generated from the contract: the config's field names
// in kebab-case, the library's defaults. The out folder is a GPT-2 folder of the best validation
// weights; out/checkpoint/ resumes the run (--resume).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import { gpt2Tokenizer } from '../tokenizers/gpt2.ts';
import { writeCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { readResumeCheckpoint, writeCheckpointSwap } from '../../storage/checkpoint-swap.ts';
import { selectBackend } from '../../gpu/select-backend.ts';
import { bpeCodec, charCodecFromText, codecFromTokenizerJson, type TokenCodec } from '../../../src/tokenizers/codec.ts';
import { GptRun } from '../../../src/training/gpt-run.ts';
import { resolveTrainConfig, type GptTrainConfig } from '../../../src/training/gpt-train-config.ts';
import { runTrainingSession } from '../../../src/training/session.ts';
import { loadGptCheckpoint } from '../../../src/training/gpt-checkpoint.ts';
import { generateIds } from '../../../src/models/gpt/generate.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { nodeModelFolder } from '../models/node-folder.ts';
import { resolveModelFolder } from '../models/resolve.ts';
import { pretrainedStore } from '../pretrained/store.ts';
import { BACKEND_CHOICES, sampleRequestSchema } from '../../../src/contract/gpt.ts';
import { GPT_PRESETS, defaultTrainConfig, gptModelRequestSchema, gptPresets, gptTrainRequestSchema, modelFieldSchemas, trainFieldSchemas, type GptModelRequest, type TrainingEvent } from '../../../src/contract/training.ts';
import { addFieldOptions, pickFields, withFlagNames } from '../../cli/contract-options.ts';
import { corpusText } from '../tokenizers/cli.ts';
import { addRunsList } from '../../cli/list-commands.ts';
import { ProgressBar } from '../../cli/progress-bar.ts';
import { DATA_DIR_OPTION, floatArg, intArg, withWorkspace, type DataFlags } from '../../cli/shared.ts';
import { modelFromRequest } from './routes.ts';
import { macrotask } from './train-worker.ts';

interface TrainGptFlags extends DataFlags, Record<string, unknown> {
  corpus: string;
  tokenizer: string;
  preset: GptModelRequest['preset'];
  backend: string;
  out: string;
  resume?: boolean;
  force?: boolean;
}

function codecFor(spec: string, text: string): TokenCodec {
  if (spec === 'char') return charCodecFromText(text);
  if (spec === 'gpt2') return bpeCodec(gpt2Tokenizer());
  const file = existsSync(spec) && statSync(spec).isDirectory() ? join(spec, 'tokenizer.json') : spec;
  if (!existsSync(file)) throw new UserError(404, `no tokenizer at "${spec}" (give char, gpt2, or a folder with tokenizer.json)`);
  return codecFromTokenizerJson(readFileSync(file, 'utf8'));
}

/** The recipe the flags ask for: the given fields, the library's rule for the rest. */
export function trainConfigFromFlags(f: Record<string, unknown>): GptTrainConfig {
  return resolveTrainConfig(pickFields(f, trainFieldSchemas, gptTrainRequestSchema));
}

/** The model request the flags ask for: the preset and the given overrides. */
export function modelRequestFromFlags(f: Record<string, unknown>): GptModelRequest {
  return { ...pickFields(f, modelFieldSchemas, gptModelRequestSchema), preset: (f.preset as GptModelRequest['preset']) ?? 'baby' };
}

const eta = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

/** Renders the session's events: a progress bar for steps, a block per evaluation. */
function reporter(steps: () => number) {
  const bar = new ProgressBar('training');
  let valLoss = NaN;
  let msTotal = 0;
  let timed = 0;
  const onEvent = (e: TrainingEvent) => {
    if (e.kind === 'step') {
      msTotal += e.msPerStep;
      timed++;
      const left = (steps() - e.step) * (msTotal / timed);
      bar.update(e.step / steps(), `step ${e.step}/${steps()} loss ${e.loss.toFixed(4)} val ${Number.isNaN(valLoss) ? '–' : valLoss.toFixed(4)} ${Math.round(e.tokensPerSec)} tok/s ETA ${eta(left)}`);
    } else if (e.kind === 'eval') {
      valLoss = e.valLoss;
      process.stderr.write(`\nstep ${e.step}: val loss ${e.valLoss.toFixed(4)}, perplexity ${e.perplexity.toFixed(2)}, ${e.bitsPerByte.toFixed(3)} bits/byte${e.improved ? ' (best)' : ''}\n--- sample ---\n${e.sample}\n--------------\n`);
    }
  };
  return { onEvent, bar };
}

/** What a fresh run would overwrite in `out`: a finished model or a run to resume. */
export function refuseOverwrite(out: string, f: { resume?: boolean; force?: boolean }): void {
  if (f.resume || f.force) return;
  const found = ['model.safetensors', 'config.json', 'checkpoint'].filter((n) => existsSync(join(out, n)));
  if (found.length > 0) {
    throw new UserError(409, `${out} already holds a model (${found.join(', ')}): continue it with --resume, overwrite it with --force, or choose another --out`);
  }
}

/** `<out>/corpus.json`: the corpus a run trains on, so --resume needs no --corpus. */
const corpusRecord = (out: string) => join(out, 'corpus.json');

/** The corpus flag, or the one the run in `out` recorded when resuming. */
function corpusOf(f: TrainGptFlags): string {
  if (f.corpus) return f.corpus;
  if (f.resume && existsSync(corpusRecord(f.out))) return (JSON.parse(readFileSync(corpusRecord(f.out), 'utf8')) as { corpus: string }).corpus;
  throw new UserError(400, f.resume ? `${f.out} does not record its corpus (trained by an older version): give --corpus` : 'give --corpus: a stored corpus (id or name) or a UTF-8 text file');
}

async function trainGpt(f: TrainGptFlags): Promise<void> {
  refuseOverwrite(f.out, f);
  const corpus = corpusOf(f);
  const text = await corpusText({ ...f, corpus });
  const recorded = existsSync(corpus) && statSync(corpus).isFile() ? resolve(corpus) : corpus;
  const { backend, label } = await selectBackend(f.backend);
  const resumeDir = join(f.out, 'checkpoint');
  let run: GptRun;
  if (f.resume) {
    run = await GptRun.resume(backend, text, readResumeCheckpoint(resumeDir));
    process.stderr.write(`resuming at step ${run.stepsDone} of ${run.train.steps}\n`);
  } else {
    const codec = codecFor(f.tokenizer, text);
    try {
      run = GptRun.create(backend, text, codec, modelFromRequest(modelRequestFromFlags(f), codec.vocabSize), trainConfigFromFlags(f));
    } catch (err) {
      // The library and the routes name config fields ("nEmbd"); here they are flags ("--n-embd").
      const message = (err as Error).message.replace(/^invalid field "(model|train)": /, '');
      throw new UserError(err instanceof UserError ? err.status : 400, withFlagNames(message, modelFieldSchemas, trainFieldSchemas));
    }
  }
  const c = run.model.config;
  process.stderr.write(`GPT ${c.nLayer} layers × ${c.nHead} heads × ${c.nEmbd} dims, context ${c.contextLength}, vocab ${c.vocabSize} (${run.codec.kind}), ${(run.model.parameterCount / 1e6).toFixed(2)} M parameters, ${run.train.optimizer} on ${label}\n`);
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.on('SIGINT', onSigint);
  const save = async (r: GptRun) => {
    writeFileAtomic(corpusRecord(f.out), JSON.stringify({ corpus: recorded }));
    writeCheckpointSwap(resumeDir, await r.checkpoint());
    writeCheckpointFolder(f.out, await r.bestCheckpoint());
  };
  const { onEvent, bar } = reporter(() => run.train.steps);
  try {
    const result = await runTrainingSession(run, { backend: label, pause: macrotask, shouldStop: () => interrupted, save }, onEvent);
    bar.done(result.stopped ? `stopped at step ${result.stepsDone}; checkpoint saved — continue with --resume --out ${f.out}` : `trained ${result.stepsDone} steps; best val loss ${result.bestValLoss?.toFixed(4) ?? '–'} → ${f.out}`);
    if (result.stopped) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSigint);
    run.dispose();
  }
}

interface SampleFlags extends DataFlags {
  model: string;
  prompt: string;
  maxNewTokens: number;
  temperature: number;
  topK?: number;
  topP?: number;
  seed: number;
  backend: string;
}

/** The folder `--model` names: a folder path, else a saved GPT run or an added pretrained model. */
async function sampleFolder(f: SampleFlags): Promise<string> {
  if (existsSync(f.model) && statSync(f.model).isDirectory()) return f.model;
  return (await withWorkspace(f, (ws) => resolveModelFolder(f.model, { gptRuns: ws.gptRuns, pretrained: pretrainedStore(ws) }))).folder;
}

async function sample(f: SampleFlags): Promise<void> {
  const folder = await sampleFolder(f);
  const { backend, close } = await selectBackend(f.backend);
  const loaded = await loadPretrained(backend, nodeModelFolder(folder));
  try {
    if (loaded.family === 'bert') throw new UserError(400, `${f.model} is an encoder (${loaded.architecture}); sample needs a decoder (a GPT run, GPT-2, Llama)`);
    const tok = loaded.tokenizer;
    if (!tok) throw new UserError(400, `${folder} has no tokenizer.json`);
    const withSpecials = Array.from(tok.encodeWithSpecials(f.prompt));
    const prompt = withSpecials.length > 0 ? withSpecials : tok.endOfText !== null ? [tok.endOfText] : [];
    const ids = await generateIds(loaded.model, prompt, { maxNewTokens: f.maxNewTokens, temperature: f.temperature, topK: f.topK, topP: f.topP, seed: f.seed }, tok.endOfText);
    // The prompt as given, then its continuation (as Hugging Face's text-generation pipeline returns it).
    process.stdout.write(`${f.prompt}${tok.decode(ids.at(-1) === tok.endOfText ? ids.slice(0, -1) : ids)}\n`);
  } finally {
    loaded.model.dispose();
    close();
  }
}

const baby = gptPresets.baby;
const sampleDefaults = sampleRequestSchema.parse({});

export function addGptTrainCommand(train: Command): void {
  const cmd = train
    .command('gpt')
    .description('train a GPT on a corpus; Ctrl-C saves a checkpoint to resume from')
    .option('--corpus <id|path>', 'a stored corpus (id or name) or a UTF-8 text file (with --resume: the one the run recorded)')
    .option('--tokenizer <dir|char|gpt2>', 'a folder with tokenizer.json, "char" or "gpt2"', 'char')
    .addOption(new Option('--preset <name>', 'model sizes: baby (4×4×128, ctx 64), small (6×6×384, ctx 256) or gpt2 (12×12×768, ctx 1024); the flags below override it').choices(GPT_PRESETS).default('baby'));
  addFieldOptions(cmd, modelFieldSchemas, baby);
  addFieldOptions(cmd, trainFieldSchemas, defaultTrainConfig);
  cmd
    .addOption(new Option('--backend <b>', 'where to train').choices(BACKEND_CHOICES).default('auto'))
    .option('--resume', 'continue the run saved in <out>/checkpoint (its recipe and model are the saved ones)')
    .option('--force', 'start afresh even if <out> already holds a model (it is overwritten)')
    .requiredOption('--out <dir>', 'output folder (GPT-2 layout; resume state in <out>/checkpoint)')
    .option(...DATA_DIR_OPTION)
    .action((f: TrainGptFlags) => trainGpt(f));
}

/** `lmw sample`, and `lmw runs list` (the saved runs it takes by id or name). */
export function addSampleCommand(program: Command): void {
  addRunsList(program);
  program
    .command('sample')
    .description('continue a prompt with a decoder: a trained GPT, a GPT-2 or Llama checkpoint')
    .requiredOption('--model <dir|name>', 'a folder with config.json, model.safetensors, tokenizer.json; a saved GPT run; or an added pretrained model')
    .option('--prompt <text>', 'the text to continue', sampleDefaults.prompt)
    .option('--max-new-tokens <n>', 'tokens to generate', intArg, sampleDefaults.maxNewTokens)
    .option('--temperature <t>', '0 is greedy', floatArg, sampleDefaults.temperature)
    .option('--top-k <k>', 'keep the k most likely tokens', intArg)
    .option('--top-p <p>', 'nucleus sampling', floatArg)
    .option('--seed <n>', 'random seed', intArg, sampleDefaults.seed)
    .addOption(new Option('--backend <b>', 'where to run (auto: WebGPU if there is a GPU, else wasm)').choices(BACKEND_CHOICES).default('auto'))
    .option(...DATA_DIR_OPTION)
    .action((f: SampleFlags) => sample(f));
}
