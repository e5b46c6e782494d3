// `lmw train <model>`: the parent command under which each trainable model (gpt, word2vec, …)
// registers its own subcommand with its own options.
import type { Command } from 'commander';

export function addTrainCommand(program: Command): Command {
  return program.command('train').description('train a model on a corpus (see `lmw train <model> --help`)');
}
