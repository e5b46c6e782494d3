// `lmw train word2vec` and `lmw word2vec query`: train word vectors on a corpus (a stored id/name
// or a file: whitespace tokens, one sentence per line) with Hogwild threads and a progress bar
// (words/s, loss, ETA), written as word2vec text (.txt) or binary (.bin); then ask the vectors
// for neighbours or analogies, or evaluate them on analogy and word-pair files.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../storage/atomic.ts';
import { availableParallelism } from 'node:os';
import { trainWord2VecParallel } from '../word2vec/hogwild.ts';
import { evaluateAnalogies, evaluatePairs, fromWord2VecBinary, fromWord2VecText, toWord2VecBinary, toWord2VecText, Word2VecError, type KeyedVectors } from '../../src/models/word2vec/index.ts';
import { corpusText } from './tokenizer.ts';
import { ProgressBar } from './progress-bar.ts';
import { DATA_DIR_OPTION, intArg, type DataFlags } from './shared.ts';

interface TrainFlags extends DataFlags {
  corpus: string; arch: 'sg' | 'cbow'; loss: 'ns' | 'hs'; dim: number; window: number; negative: number; minCount: number;
  sample: number; alpha?: number; epochs: number; threads: number; seed: number; out: string; cbowSum?: boolean;
}

const floatArg = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
};

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
  const text = await corpusText(f);
  const bar = new ProgressBar('word2vec');
  const t0 = performance.now();
  const r = await trainWord2VecParallel(text, { arch: f.arch, loss: f.loss, dim: f.dim, window: f.window, negative: f.negative, minCount: f.minCount, sample: f.sample, alpha: f.alpha, epochs: f.epochs, seed: f.seed, cbowMean: !f.cbowSum }, f.threads, (p) => {
    const elapsed = (performance.now() - t0) / 1000;
    const eta = p.fraction > 0 ? Math.round((elapsed / p.fraction) * (1 - p.fraction)) : 0;
    bar.update(p.fraction, `epoch ${p.epoch}/${f.epochs} ${Math.round(p.effectiveWordsPerSec / 1000)}k words/s loss ${p.loss.toFixed(4)} ETA ${eta} s`);
  });
  writeVectors(f.out, r.vectors);
  bar.done(`${r.vocabSize} words × ${f.dim} dims in ${r.seconds.toFixed(1)} s (${Math.round(r.effectiveWords / r.seconds)} effective words/s, ${f.threads} threads); loss per epoch ${r.lossPerEpoch.map((l) => l.toFixed(4)).join(', ')} → ${f.out}`);
}

interface QueryFlags {
  vectors: string; similar?: string; analogy?: string[]; evalAnalogies?: string; evalPairs?: string; topn: number; method: 'add' | 'mul';
}

function query(f: QueryFlags): void {
  const asked = [f.similar, f.analogy, f.evalAnalogies, f.evalPairs].filter((x) => x !== undefined).length;
  if (asked !== 1) throw new UserError(400, 'give exactly one of --similar, --analogy, --eval-analogies, --eval-pairs');
  const kv = readVectors(f.vectors);
  try {
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
  } catch (err) {
    if (err instanceof Word2VecError) throw new UserError(400, err.message);
    throw err;
  }
}

export function addWord2VecTrainCommand(train: Command): void {
  train
    .command('word2vec')
    .description('train word2vec vectors (skip-gram or CBOW) on a corpus')
    .requiredOption('--corpus <id|path>', 'a stored corpus (id or name) or a text file: whitespace tokens, one sentence per line')
    .option('--arch <sg|cbow>', 'skip-gram or CBOW', 'cbow')
    .option('--loss <ns|hs>', 'negative sampling or hierarchical softmax', 'ns')
    .option('--dim <n>', 'vector size', intArg, 100)
    .option('--window <n>', 'largest context distance', intArg, 5)
    .option('--negative <n>', 'noise words per prediction', intArg, 5)
    .option('--min-count <n>', 'drop rarer words', intArg, 5)
    .option('--sample <t>', 'subsampling threshold (0: off)', floatArg, 1e-3)
    .option('--alpha <a>', 'starting learning rate (default 0.025 sg, 0.05 cbow)', floatArg)
    .option('--epochs <n>', 'passes over the corpus', intArg, 5)
    .option('--cbow-sum', 'CBOW: sum the context vectors instead of averaging them')
    .option('--threads <n>', 'Hogwild threads', intArg, Math.min(4, availableParallelism()))
    .option('--seed <n>', 'random seed', intArg, 1)
    .requiredOption('--out <file>', 'vectors file: .txt (text) or .bin (binary word2vec format)')
    .option(...DATA_DIR_OPTION)
    .action((f: TrainFlags) => trainVectors(f));
}

export function addWord2VecCommands(program: Command): void {
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
