// `lmw train encoder`, `lmw classify` and `lmw fill-mask`: pretrain (masked LM) and fine-tune an
// encoder classifier on a labelled corpus with a progress bar per stage, then print ours beside the
// tf-idf baseline (accuracy, macro-F1, per class) and the confusion matrix; use a trained folder.
// Recipe flags come from the contract (field names in kebab-case, the library's defaults).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import { readCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { selectBackend } from '../../gpu/select-backend.ts';
import { EncoderTokenizer } from '../../../src/models/bert/tokenization.ts';
import { loadBertCheckpoint } from '../../../src/models/bert/checkpoint.ts';
import { classifyTexts, fillMask } from '../../../src/models/bert/inference.ts';
import { createEncoderRun, prepareEncoderData, resumeEncoderRun, runEncoderSession } from '../../../src/training/encoder/session.ts';
import type { EncoderRun } from '../../../src/training/encoder/run.ts';
import { BACKEND_CHOICES } from '../../../src/contract/gpt.ts';
import { defaultEncoderTrainConfig, encoderFieldSchemas, encoderTrainRequestSchema, resolveEncoderConfig } from '../../../src/contract/encoder.ts';
import { addFieldOptions, pickFields } from '../../cli/contract-options.ts';
import { ProgressBar } from '../../cli/progress-bar.ts';
import { DATA_DIR_OPTION, intArg, withWorkspace, type DataFlags } from '../../cli/shared.ts';
import { macrotask } from '../gpt/train-worker.ts';
import { fileLabelled, isFile, storedLabelled, type LabelledCorpus } from './labelled.ts';
import { encoderReporter, printResult } from './print.ts';
import { ENCODER_RESUME_FILES, refuseOverwrite, saveEncoder, saveFinished } from './save.ts';

interface TrainEncoderFlags extends DataFlags, Record<string, unknown> {
  corpus: string;
  tokenizer: string;
  from?: string;
  backend: string;
  out: string;
  resume?: boolean;
  force?: boolean;
}

async function labelledCorpus(f: TrainEncoderFlags): Promise<LabelledCorpus> {
  if (isFile(f.corpus)) return fileLabelled(f.corpus);
  return withWorkspace(f, (ws) => storedLabelled(ws.corpora, f.corpus));
}

function tokenizerFor(spec: string): EncoderTokenizer | undefined {
  if (spec === 'new') return undefined;
  const file = existsSync(spec) && statSync(spec).isDirectory() ? join(spec, 'tokenizer.json') : spec;
  if (!existsSync(file)) throw new UserError(404, `no tokenizer at "${spec}" (give new, or a folder with tokenizer.json)`);
  return EncoderTokenizer.fromTokenizerJson(readFileSync(file, 'utf8'));
}

async function trainEncoderCommand(f: TrainEncoderFlags): Promise<void> {
  const checkpointDir = join(f.out, 'checkpoint');
  refuseOverwrite(f.out, f);
  const corpus = await labelledCorpus(f);
  const { backend, label } = await selectBackend(f.backend);
  let run: EncoderRun;
  if (f.resume) {
    run = await resumeEncoderRun(backend, readCheckpointFolder(checkpointDir, ENCODER_RESUME_FILES, ['config.json', 'model.safetensors', 'tokenizer.json', 'trainer-state.json']), corpus.texts, corpus.labels);
    process.stderr.write(`resuming: stage ${run.stage}, ${run.mlmStepsDone} MLM and ${run.stepsDone} fine-tuning steps done\n`);
  } else {
    const train = resolveEncoderConfig(pickFields(f, encoderFieldSchemas, encoderTrainRequestSchema));
    const prepared = prepareEncoderData(corpus.texts, corpus.labels, train, { tokenizer: tokenizerFor(f.tokenizer), groups: corpus.groups });
    const from = f.from ? readCheckpointFolder(f.from, ['config.json', 'model.safetensors', 'tokenizer.json']) : undefined;
    run = await createEncoderRun(backend, prepared, train, from);
  }
  const c = run.model.config;
  process.stderr.write(`encoder ${c.nLayer} layers × ${c.nHead} heads × ${c.nEmbd} dims, context ${run.train.contextLength}, vocab ${c.vocabSize}, ${(run.model.parameterCount / 1e6).toFixed(2)} M parameters, ${run.data.labelNames.length} classes, on ${label}\n`);
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.on('SIGINT', onSigint);
  const reporter = encoderReporter();
  try {
    const save = (r: EncoderRun) => saveEncoder(r, f.out, checkpointDir);
    const result = await runEncoderSession(run, corpus.texts, { backend: label, pause: macrotask, shouldStop: () => interrupted, save }, reporter.onEvent);
    reporter.finish();
    if (result.stopped) {
      process.stderr.write(`stopped; checkpoint saved — continue with --resume --out ${f.out}\n`);
      process.exitCode = 130;
      return;
    }
    await saveFinished(run, f.out, checkpointDir, result);
    process.stdout.write(printResult(run.data.labelNames, result.test!, result.baseline));
    process.stdout.write(`\nmodel → ${f.out}\n`);
  } finally {
    process.off('SIGINT', onSigint);
    run.dispose();
  }
}

async function loadFolder(dir: string, backendName: string) {
  const { backend } = await selectBackend(backendName);
  return loadBertCheckpoint(backend, readCheckpointFolder(dir, ['config.json', 'model.safetensors', 'tokenizer.json']));
}

interface ClassifyFlags {
  model: string;
  text?: string;
  file?: string;
  json?: boolean;
  backend: string;
}

async function classifyCommand(f: ClassifyFlags): Promise<void> {
  if ((f.text === undefined) === (f.file === undefined)) throw new UserError(400, 'give exactly one of --text and --file');
  const texts = f.text !== undefined ? [f.text] : readFileSync(f.file!, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const { model, tokenizer } = await loadFolder(f.model, f.backend);
  try {
    for (const r of await classifyTexts(model, tokenizer, texts)) {
      if (f.json) process.stdout.write(`${JSON.stringify({ label: r.label, probs: r.probs, ids: r.ids })}\n`);
      else process.stdout.write(`${r.label}\t${Object.entries(r.probs).map(([l, p]) => `${l}=${p.toFixed(4)}`).join(' ')}\n`);
    }
  } finally {
    model.dispose();
  }
}

async function fillMaskCommand(f: { model: string; text: string; topK: number; backend: string }): Promise<void> {
  const { model, tokenizer } = await loadFolder(f.model, f.backend);
  try {
    for (const m of await fillMask(model, tokenizer, f.text, f.topK)) {
      process.stdout.write(`[MASK] at ${m.position}: ${m.top.map((t) => `${JSON.stringify(t.token)} ${t.prob.toFixed(4)}`).join(', ')}\n`);
    }
  } finally {
    model.dispose();
  }
}

export function addEncoderTrainCommand(train: Command): void {
  const cmd = train
    .command('encoder')
    .description('pretrain (masked LM) and fine-tune an encoder classifier on a labelled corpus; prints it beside a tf-idf baseline')
    .requiredOption('--corpus <id|path>', 'a stored labelled corpus (id or name) or a label<TAB>text file')
    .option('--tokenizer <new|dir>', 'new (learned on the training texts, with BERT\'s special tokens) or a folder with tokenizer.json', 'new');
  addFieldOptions(cmd, encoderFieldSchemas, defaultEncoderTrainConfig);
  cmd
    .option('--from <folder>', 'fine-tune from this BERT folder\'s weights (a fresh classifier, no MLM stage)')
    .addOption(new Option('--backend <b>', 'where to train').choices(BACKEND_CHOICES).default('auto'))
    .option('--resume', 'continue the run saved in <out>/checkpoint')
    .option('--force', 'replace a finished model in <out>')
    .requiredOption('--out <dir>', 'output folder (a BERT folder; resume state in <out>/checkpoint; report.json)')
    .option(...DATA_DIR_OPTION)
    .action((f: TrainEncoderFlags) => trainEncoderCommand(f));
}

export function addEncoderCommands(program: Command): void {
  program
    .command('classify')
    .description('classify texts with a trained encoder (a BERT folder with id2label)')
    .requiredOption('--model <dir>', 'a folder with config.json, model.safetensors, tokenizer.json')
    .option('--text <text>', 'one text')
    .option('--file <path>', 'a file with one text per line')
    .option('--json', 'one JSON object per text and line: {"label", "probs", "ids"}')
    .addOption(new Option('--backend <b>', 'where to run').choices(BACKEND_CHOICES).default('cpu'))
    .action((f: ClassifyFlags) => classifyCommand(f));
  program
    .command('fill-mask')
    .description('the most probable tokens at each [MASK] of a text (a BERT folder with an MLM head)')
    .requiredOption('--model <dir>', 'a folder with config.json, model.safetensors, tokenizer.json')
    .requiredOption('--text <text>', 'a text with [MASK] tokens, e.g. "The [MASK] said"')
    .option('--top-k <k>', 'tokens per mask', intArg, 5)
    .addOption(new Option('--backend <b>', 'where to run').choices(BACKEND_CHOICES).default('cpu'))
    .action((f: { model: string; text: string; topK: number; backend: string }) => fillMaskCommand(f));
}
