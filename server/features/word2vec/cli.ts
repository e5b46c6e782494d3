// `lmw train word2vec` and `lmw word2vec query`: train word vectors on a corpus (a stored id/name
// or a file: whitespace tokens, one sentence per line) with Hogwild threads and a progress bar
// (words/s, loss, ETA), written as word2vec text (.txt) or binary (.bin); then ask the vectors
// for neighbours or analogies, or evaluate them on analogy and word-pair files. Training flags
// are generated from the contract (word2vec's own field names and defaults).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { spawnNodeThread, word2vecThreads } from '../../gpu/wasm-threads.ts';
import { evaluateAnalogies, evaluatePairs, fromWord2VecBinary, fromWord2VecText, toWord2VecBinary, toWord2VecText, trainWord2Vec, type KeyedVectors } from '../../../src/models/word2vec/index.ts';
import { defaultWord2VecConfig, word2vecConfigSchema, word2vecFieldSchemas } from '../../../src/contract/word2vec.ts';
import { addFieldOptions, pickFields } from '../../cli/contract-options.ts';
import { corpusText } from '../tokenizers/cli.ts';
import { addVectorsList } from '../../cli/list-commands.ts';
import { ProgressBar } from '../../cli/progress-bar.ts';
import { DATA_DIR_OPTION, intArg, type DataFlags } from '../../cli/shared.ts';

interface TrainFlags extends DataFlags, Record<string, unknown> {
  corpus: string;
  threads: number;
  out: string;
}

export function writeVectors(path: string, kv: KeyedVectors): void {
  writeFileAtomic(path, path.endsWith('.bin') ? toWord2VecBinary(kv) : toWord2VecText(kv));
}

export function readVectors(path: string): KeyedVectors {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new UserError(404, `no vectors file at "${path}"`);
  }
  return path.endsWith('.bin') ? fromWord2VecBinary(new Uint8Array(bytes)) : fromWord2VecText(bytes.toString('utf8'));
}

async function trainVectors(f: TrainFlags): Promise<void> {
  if (!f.out.endsWith('.txt') && !f.out.endsWith('.bin')) throw new UserError(400, '--out must end in .txt (text format) or .bin (binary format)');
  const config = { ...defaultWord2VecConfig, ...pickFields(f, word2vecFieldSchemas, word2vecConfigSchema) };
  const text = await corpusText(f);
  const bar = new ProgressBar('word2vec');
  const t0 = performance.now();
  const r = await trainWord2Vec(text, config, { engine: 'wasm', threads: f.threads, spawn: spawnNodeThread, onProgress: (p) => {
    const elapsed = (performance.now() - t0) / 1000;
    const eta = p.fraction > 0 ? Math.round((elapsed / p.fraction) * (1 - p.fraction)) : 0;
    bar.update(p.fraction, `epoch ${p.epoch}/${config.epochs} ${Math.round(p.effectiveWordsPerSec / 1000)}k words/s loss ${p.loss.toFixed(4)} ETA ${eta} s`);
  } });
  writeVectors(f.out, r.vectors);
  for (const w of r.warnings) console.error(`warning: ${w}`);
  bar.done(`${r.vocabSize} words × ${config.dim} dims in ${r.seconds.toFixed(1)} s (${Math.round(r.effectiveWords / r.seconds)} effective words/s, ${f.threads} threads); loss per epoch ${r.lossPerEpoch.map((l) => l.toFixed(4)).join(', ')} → ${f.out}`);
}

interface QueryFlags {
  vectors: string; similar?: string; analogy?: string[]; evalAnalogies?: string; evalPairs?: string; topn: number; method: 'add' | 'mul';
}

function query(f: QueryFlags): void {
  const asked = [f.similar, f.analogy, f.evalAnalogies, f.evalPairs].filter((x) => x !== undefined).length;
  if (asked !== 1) throw new UserError(400, 'give exactly one of --similar, --analogy, --eval-analogies, --eval-pairs');
  const kv = readVectors(f.vectors);
  if (f.similar) for (const n of kv.mostSimilar(f.similar, f.topn)) console.log(`${n.word}\t${n.score.toFixed(4)}`);
  else if (f.analogy) {
    if (f.analogy.length !== 3) throw new UserError(400, '--analogy takes three words: a b c (a is to b as c is to ?)');
    const [a, b, c] = f.analogy as [string, string, string];
    for (const n of kv.analogy(a, b, c, f.method, f.topn)) console.log(`${n.word}\t${n.score.toFixed(4)}`);
  } else if (f.evalAnalogies) {
    const r = evaluateAnalogies(kv, readFileSync(f.evalAnalogies, 'utf8'), { method: f.method });
    for (const s of r.sections) console.log(`${s.name}\t${s.correct}/${s.total}\t${s.total ? ((100 * s.correct) / s.total).toFixed(1) : '–'} %`);
    console.log(`total\t${r.correct}/${r.total}\t${(100 * r.accuracy).toFixed(2)} %\tcoverage ${(100 * r.coverage).toFixed(1)} % (${r.skipped} questions with unknown words)`);
  } else {
    const r = evaluatePairs(kv, readFileSync(f.evalPairs!, 'utf8'));
    console.log(`spearman\t${r.spearman.toFixed(4)}\tpairs ${r.pairs}\tcoverage ${(100 * r.coverage).toFixed(1)} % (${r.skipped} pairs with unknown words)`);
  }
}

export function addWord2VecTrainCommand(train: Command): void {
  const cmd = train
    .command('word2vec')
    .description('train word2vec vectors (skip-gram or CBOW) on a corpus')
    .requiredOption('--corpus <id|path>', 'a stored corpus (id or name) or a text file: whitespace tokens, one sentence per line');
  addFieldOptions(cmd, word2vecFieldSchemas, defaultWord2VecConfig);
  cmd
    .option('--threads <n>', 'Hogwild threads', intArg, word2vecThreads())
    .requiredOption('--out <file>', 'vectors file: .txt (text) or .bin (binary word2vec format)')
    .option(...DATA_DIR_OPTION)
    .action((f: TrainFlags) => trainVectors(f));
}

export function addWord2VecCommands(program: Command): void {
  addVectorsList(program);
  program
    .command('word2vec')
    .description('query and evaluate word vectors')
    .command('query')
    .description('neighbours, analogies, or evaluation of a vectors file')
    .requiredOption('--vectors <file>', 'word2vec .txt or .bin file')
    .option('--similar <word>', 'nearest words by cosine')
    .option('--analogy <words...>', 'a b c: a is to b as c is to ?')
    .option('--eval-analogies <file>', 'accuracy on a questions-words.txt style file')
    .option('--eval-pairs <file>', 'Spearman correlation on a WordSim-353 / SimLex-999 style file')
    .option('--topn <n>', 'answers to print', intArg, 10)
    .option('--method <add|mul>', 'analogy scoring: 3CosAdd or 3CosMul', 'add')
    .action((f: QueryFlags) => query(f));
}
