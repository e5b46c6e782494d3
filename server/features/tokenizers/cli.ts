// `lmw tokenizer train|encode|decode`: learn a BPE tokenizer from a corpus (by id or name in the
// data dir, or a text file) into a folder with tokenizer.json and merges.txt; encode text to ids
// and decode ids to text with any tokenizer.json the library reads (a GPT run's char-level one
// included) or GPT-2's tokenizer.
import { Option, type Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.ts';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { gpt2Tokenizer } from './gpt2.ts';
import { firstInvalidUtf8 } from '../../../src/data/utf8.ts';
import { bpeTokenizer, learnBpe, loadTokenizer as readTokenizerJson, mergesText, toTokenizerJson, type LoadedTokenizer } from '../../../src/tokenizers/index.ts';
import { defaultSpecialTokens, tokenizerModes } from '../../../src/contract/tokenizers.ts';
import { addTokenizersList } from '../../cli/list-commands.ts';
import { ProgressBar } from '../../cli/progress-bar.ts';
import { DATA_DIR_OPTION, intArg, withWorkspace, type DataFlags } from '../../cli/shared.ts';

interface TrainFlags extends DataFlags {
  corpus: string;
  vocabSize?: number;
  merges?: number;
  mode: (typeof tokenizerModes)[number];
  specialTokens: string[];
  out: string;
}

function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) throw new UserError(415, `${path} is not valid UTF-8: invalid byte sequence at offset ${bad}`);
  return bytes.toString('utf8');
}

/** The text of a corpus given as a file path or a stored corpus id/name (labelled: the texts only). */
export async function corpusText(flags: DataFlags & { corpus: string }): Promise<string> {
  if (existsSync(flags.corpus) && statSync(flags.corpus).isFile()) return readTextFile(flags.corpus);
  return withWorkspace(flags, (ws) => {
    const c = ws.corpora.find(flags.corpus);
    if (!c) throw new UserError(404, `no corpus file or corpus id/name "${flags.corpus}"`);
    return ws.corpora.trainingText(c.id);
  });
}

/** `gpt2`, or a folder with tokenizer.json (or the file itself). */
export function loadTokenizer(spec: string): LoadedTokenizer {
  if (spec === 'gpt2') return bpeTokenizer(gpt2Tokenizer());
  const file = existsSync(spec) && statSync(spec).isDirectory() ? join(spec, 'tokenizer.json') : spec;
  if (!existsSync(file)) throw new UserError(404, `no tokenizer at "${spec}" (expected a folder with tokenizer.json, or "gpt2")`);
  return readTokenizerJson(readFileSync(file, 'utf8'));
}

function readInput(file?: string): string {
  return file ? readTextFile(file) : readFileSync(0, 'utf8');
}

async function train(flags: TrainFlags): Promise<void> {
  if ((flags.vocabSize === undefined) === (flags.merges === undefined)) {
    throw new UserError(400, 'give exactly one of --vocab-size and --merges');
  }
  const text = await corpusText(flags);
  const bar = new ProgressBar('learning merges');
  const started = performance.now();
  let exhausted = false;
  const tok = learnBpe(text, {
    mode: flags.mode,
    vocabSize: flags.vocabSize,
    merges: flags.merges,
    specialTokens: flags.specialTokens,
    onProgress: (p) => {
      exhausted ||= p.exhausted === true;
      bar.update(p.merges / Math.max(1, p.totalMerges), `${p.merges} merges, vocab ${p.vocabSize}, ${p.charsPerToken.toFixed(2)} chars/token`);
    },
  });
  writeFileAtomic(join(flags.out, 'tokenizer.json'), JSON.stringify(toTokenizerJson(tok), null, 2));
  writeFileAtomic(join(flags.out, 'merges.txt'), mergesText(tok));
  const seconds = (performance.now() - started) / 1000;
  const early = exhausted ? ` — stopped early: no adjacent pair is left in the corpus, fewer than asked` : '';
  bar.done(`learned ${tok.merges.length} merges (vocab ${tok.vocabSize})${early} in ${seconds.toFixed(1)} s → ${flags.out}/tokenizer.json, merges.txt`);
}

export function addTokenizerCommands(program: Command): void {
  addTokenizersList(program);
  const tokenizer = program.command('tokenizer').description('train BPE tokenizers, encode and decode text');

  tokenizer
    .command('train')
    .description('learn BPE merges from a corpus; writes <out>/tokenizer.json and <out>/merges.txt')
    .requiredOption('--corpus <corpus>', 'a corpus id or name in the data dir, or a path to a UTF-8 text file')
    .option('--vocab-size <n>', 'stop at this vocabulary size', intArg)
    .option('--merges <k>', 'stop after k merges', intArg)
    .addOption(new Option('--mode <mode>', 'byte (GPT-2 byte-level) or word (characters + end-of-word "_")').choices(tokenizerModes).default('byte'))
    .option('--special-tokens <tokens...>', 'special tokens kept whole', defaultSpecialTokens)
    .requiredOption('--out <dir>', 'folder to write tokenizer.json and merges.txt into')
    .option(...DATA_DIR_OPTION)
    .action(train);

  tokenizer
    .command('encode')
    .description('print the token ids of text (stdin or --file) as a JSON array')
    .requiredOption('--tokenizer <dir|gpt2>', 'a folder with tokenizer.json (a GPT run\'s included), or gpt2')
    .option('--file <file>', 'read the text from this file instead of stdin')
    .option('--tokens', 'print the token strings instead of ids')
    .action((flags: { tokenizer: string; file?: string; tokens?: boolean }) => {
      const tok = loadTokenizer(flags.tokenizer);
      const ids = Array.from(tok.encode(readInput(flags.file)));
      console.log(JSON.stringify(flags.tokens ? ids.map((id) => tok.idToToken(id)) : ids));
    });

  tokenizer
    .command('decode')
    .description('print the text of a JSON array of token ids (stdin or --file)')
    .requiredOption('--tokenizer <dir|gpt2>', 'a folder with tokenizer.json, or gpt2')
    .option('--file <file>', 'read the ids from this file instead of stdin')
    .action((flags: { tokenizer: string; file?: string }) => {
      const tok = loadTokenizer(flags.tokenizer);
      let ids: unknown;
      try {
        ids = JSON.parse(readInput(flags.file));
      } catch {
        throw new UserError(400, 'expected a JSON array of token ids');
      }
      if (!Array.isArray(ids) || !ids.every((i) => Number.isInteger(i) && i >= 0 && i < tok.vocabSize)) {
        throw new UserError(400, `expected a JSON array of integer token ids below the vocabulary size ${tok.vocabSize}`);
      }
      process.stdout.write(tok.decode(ids as number[]));
    });
}
