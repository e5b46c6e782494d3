// `lmw fewshot` and `lmw fewshot sweep`: build a few-shot prompt (a preset, or a template with
// examples from a TSV file: input<TAB>output per line) on a decoder (a folder, a saved GPT run or
// an added pretrained model) and print its token counts per part, the top next tokens, the label
// scores (before and after calibration) and the continuation; or sweep k on a labelled corpus
// with a progress bar and print the accuracy table. `--json` prints the result as the API's jobs leave it. `\n` and `\t` in
// --template, --instruction and --separator stand for a newline and a tab.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import { ProgressBar } from '../../cli/progress-bar.ts';
import { DATA_DIR_OPTION, floatArg, intArg, withWorkspace, type DataFlags } from '../../cli/shared.ts';
import { parseOrThrow } from '../../http/body.ts';
import { BACKEND_CHOICES } from '../../../src/contract/gpt.ts';
import { FEWSHOT_PRESETS, fewshotRunRequestSchema, fewshotSweepRequestSchema, MIX_CHOICES, type FewshotRunResult, type FewshotSweepResult } from '../../../src/contract/fewshot.ts';
import type { FewshotPreset } from '../../../src/fewshot/presets.ts';
import { resolveModel, resolveModelFolder, loadDecoder } from '../models/resolve.ts';
import { sweepFromCorpus } from './corpus-spec.ts';
import { pretrainedStore } from '../pretrained/store.ts';
import { runWith, sweepWith } from './execute.ts';
import { printRun, printSweep } from './print.ts';

interface PromptFlags extends DataFlags {
  model: string; preset?: string; instruction?: string; template?: string; separator?: string; trimQuery?: boolean;
  labels?: string; backend: string; json?: boolean; calibrate?: boolean; seed?: number;
}
interface RunFlags extends PromptFlags {
  examples?: string; query?: string; topK?: number; maxNewTokens?: number; temperature?: number; topP?: number; attention?: boolean; overflow?: string;
}
interface SweepFlags extends PromptFlags {
  corpus: string; k?: string; draws?: number; orders?: number; mixes?: string; queries?: number; poolSize?: number; textChars?: number;
}

const unescape = (s: string | undefined) => s?.replace(/\\n/g, '\n').replace(/\\t/g, '\t');

function preset(name: string | undefined): FewshotPreset | undefined {
  if (name === undefined) return undefined;
  const p = (FEWSHOT_PRESETS as Record<string, FewshotPreset>)[name];
  if (!p) throw new UserError(400, `--preset: no preset "${name}" (${Object.keys(FEWSHOT_PRESETS).join(', ')})`);
  return p;
}

/** `spam,ham` (each its own verbaliser) or `spam=junk,ham=fine` (name=verbaliser). */
function labelsArg(s: string | undefined) {
  if (s === undefined) return undefined;
  return s.split(',').map((part) => {
    const eq = part.indexOf('=');
    return eq > 0 ? { name: part.slice(0, eq), verbaliser: part.slice(eq + 1) } : { name: part, verbaliser: part };
  });
}

function readExamples(path: string) {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UserError(404, `--examples: no file "${path}"`);
  return readFileSync(path, 'utf8').split(/\r?\n/).flatMap((line, i) => {
    if (line.trim() === '') return [];
    const tab = line.indexOf('\t');
    if (tab < 0) throw new UserError(400, `--examples: line ${i + 1} of ${path} has no tab (write input<TAB>output)`);
    return [{ input: line.slice(0, tab), output: line.slice(tab + 1) }];
  });
}

const ints = (s: string | undefined, flag: string) =>
  s?.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 0) throw new UserError(400, `${flag}: "${x}" is not a whole number`);
    return n;
  });

/** The flags as the contract's request (checked by it: errors name the field). */
function promptFields(f: PromptFlags) {
  if (!f.model) throw new UserError(400, '--model: name a model folder, a saved GPT run or an added pretrained model');
  const p = preset(f.preset);
  return {
    model: f.model,
    instruction: unescape(f.instruction) ?? p?.instruction,
    template: unescape(f.template) ?? p?.template,
    separator: unescape(f.separator) ?? p?.separator,
    trimQuery: f.trimQuery,
    labels: labelsArg(f.labels) ?? p?.labels,
    backend: f.backend,
    calibrate: f.calibrate,
    seed: f.seed,
  };
}

export function runRequestFromFlags(f: RunFlags) {
  const p = preset(f.preset);
  if (f.examples === undefined && !p) throw new UserError(400, 'give --examples <file.tsv> or --preset <name>');
  if (!f.template && !p) throw new UserError(400, 'give --template (with {input} and {output}) or --preset <name>');
  const { seed, ...fields } = promptFields(f);
  const generate = { maxNewTokens: f.maxNewTokens, temperature: f.temperature, topK: f.topK === undefined ? undefined : f.topK, topP: f.topP, seed };
  return parseOrThrow(fewshotRunRequestSchema, {
    ...fields,
    examples: f.examples !== undefined ? readExamples(f.examples) : p!.examples,
    query: f.query ?? p?.query,
    topK: 10,
    generate: Object.fromEntries(Object.entries(generate).filter(([, v]) => v !== undefined)),
    attention: f.attention,
    overflow: f.overflow,
  });
}

async function fewshot(f: RunFlags): Promise<void> {
  const req = runRequestFromFlags(f);
  const model = isFolder(f.model) ? await resolveModel(f.model, { folders: true }, req.backend) : await withWorkspace(f, (ws) => resolveModel(f.model, { gptRuns: ws.gptRuns, pretrained: pretrainedStore(ws) }, req.backend));
  let r: FewshotRunResult;
  try {
    r = await runWith(model, req);
  } finally {
    model.dispose();
  }
  if (f.json) console.log(JSON.stringify(r, null, 2));
  else printRun(r);
}

const isFolder = (p: string) => existsSync(p) && statSync(p).isDirectory();

async function corpusText(f: SweepFlags): Promise<string> {
  if (existsSync(f.corpus) && statSync(f.corpus).isFile()) return readFileSync(f.corpus, 'utf8');
  return withWorkspace(f, (ws) => {
    const c = ws.corpora.find(f.corpus);
    if (!c) throw new UserError(404, `--corpus: no file or stored corpus (id or name) "${f.corpus}"`);
    return ws.corpora.text(c.id);
  });
}

async function sweepCommand(f: SweepFlags): Promise<void> {
  if (!f.template && !f.preset) throw new UserError(400, 'give --template (with {input} and {output}) or --preset <name>');
  const req = parseOrThrow(fewshotSweepRequestSchema, {
    ...promptFields(f), corpus: f.corpus, ks: ints(f.k, '--k'), draws: f.draws, orders: f.orders, mixes: f.mixes?.split(','),
    queries: f.queries, poolSize: f.poolSize, textChars: f.textChars,
  });
  const set = sweepFromCorpus(await corpusText(f), req);
  const folder = isFolder(f.model) ? resolveModelFolder(f.model, { folders: true }) : await withWorkspace(f, (ws) => resolveModelFolder(f.model, { gptRuns: ws.gptRuns, pretrained: pretrainedStore(ws) }));
  const model = { ...(await loadDecoder(folder.folder, req.backend)), label: folder.label };
  const bar = new ProgressBar('sweep');
  let r: FewshotSweepResult;
  try {
    r = await sweepWith(model, set, req, (p) => bar.update(p.done / p.total, `k=${p.k} ${p.mix} draw ${p.draw + 1} order ${p.order + 1}`));
  } finally {
    model.dispose();
  }
  bar.done(`${r.cells.length} cells, ${set.queries} queries, pool ${set.pool}`);
  if (f.json) console.log(JSON.stringify(r, null, 2));
  else printSweep(r);
}

function promptOptions(cmd: Command): Command {
  return cmd
    .option('--model <dir|run>', 'a model folder (workbench GPT run, GPT-2 or Llama), a saved GPT run or an added pretrained model (id or name)')
    .option('--preset <name>', `start from a preset (${Object.keys(FEWSHOT_PRESETS).join(', ')})`)
    .option('--instruction <text>', 'a task description put first')
    .option('--template <text>', 'the template, with {input} and {output} (\\n for a newline)')
    .option('--separator <text>', 'after the instruction and each example (default: \\n)')
    .option('--no-trim-query', 'keep whitespace before {output} in the query')
    .option('--labels <a,b|name=word,…>', 'label words (verbalisers) to score')
    .option('--seed <n>', 'random seed', intArg)
    .addOption(new Option('--backend <b>', 'where the model runs').choices(BACKEND_CHOICES).default('cpu'))
    .option('--json', 'print the result as JSON')
    .option(...DATA_DIR_OPTION);
}

export function addFewshotCommands(program: Command): void {
  const fewshotCmd = program.command('fewshot').description('few-shot prompting (run, the default: next tokens, label scores, continuation; sweep: accuracy over k)');
  promptOptions(fewshotCmd.command('run', { isDefault: true }).description('one prompt: token counts, next tokens, label scores before/after calibration, continuation'))
    .option('--examples <file.tsv>', 'demonstrations, one per line: input<TAB>output')
    .option('--query <text>', 'the new input the model answers')
    .option('--calibrate', 'also score the labels with contextual calibration (Zhao et al. 2021)')
    .option('--top-k <k>', 'next tokens to list (default 10); also limits sampling when --temperature > 0', intArg)
    .option('--max-new-tokens <n>', 'tokens of continuation (default 32; 0: none)', intArg)
    .option('--temperature <t>', 'continuation sampling (default 0: greedy)', floatArg)
    .option('--top-p <p>', 'nucleus sampling', floatArg)
    .option('--attention', 'also show the attention of the last position to each part')
    .addOption(new Option('--overflow <mode>', 'when the prompt does not fit').choices(['refuse', 'drop']))
    .action((f: RunFlags) => fewshot(f));
  promptOptions(fewshotCmd.command('sweep').description('accuracy over k on a labelled corpus, with and without calibration, against baselines'))
    .requiredOption('--corpus <id|path>', 'a labelled corpus: stored id or name, or a file of label<TAB>text lines')
    .option('--k <list>', 'the ks to try, e.g. 0,1,2,4,8 (default: powers of two as the pool allows)')
    .option('--draws <n>', 'random draws of examples per k (default 5)', intArg)
    .option('--orders <n>', 'orders of each draw (default 1)', intArg)
    .option('--mixes <list>', `example label mixes: ${MIX_CHOICES.join(', ')} (default balanced)`)
    .option('--queries <n>', 'held-out queries (default 40)', intArg)
    .option('--pool-size <n>', 'examples in the pool (default 200)', intArg)
    .option('--text-chars <n>', 'each text cut to its first line and this many characters (default 100)', intArg)
    .option('--calibrate', 'also score with contextual calibration (the default)')
    .option('--no-calibrate', 'skip calibration')
    .action((f: SweepFlags) => sweepCommand(f));
}
