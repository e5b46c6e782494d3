// `lmw corpora list|add|show`: the corpora of a data dir, from the command line.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../../errors.ts';
import { defaultCorpusName } from './routes.ts';
import { formatBytes, formatCount } from '../../../src/data/format.ts';
import { table } from '../../cli/format.ts';
import { DATA_DIR_OPTION, intArg, withWorkspace, type DataFlags } from '../../cli/shared.ts';

export function addCorporaCommands(program: Command): void {
  const corpora = program.command('corpora').description('list, add and inspect corpora');

  corpora
    .command('list')
    .description('list the corpora with their sizes')
    .option(...DATA_DIR_OPTION)
    .option('--json', 'print JSON')
    .action((opts: DataFlags & { json?: boolean }) =>
      withWorkspace(opts, (ws) => {
        const list = ws.corpora.list();
        if (opts.json) return console.log(JSON.stringify(list, null, 2));
        console.log(
          table(
            ['id', 'name', 'source', 'kind', 'size', 'lines', 'words', 'unique'],
            list.map((c) => [c.id, c.name, c.source, c.kind, formatBytes(c.bytes), formatCount(c.lines),
              formatCount(c.words), formatCount(c.uniqueWords)]),
          ),
        );
      }),
    );

  corpora
    .command('add <file>')
    .description('add a UTF-8 text file as a corpus')
    .option('--name <name>', 'name of the corpus (default: the file name)')
    .option('--description <text>', 'a short description')
    .option(...DATA_DIR_OPTION)
    .option('--max-upload-mb <mb>', 'largest corpus in MB (env LMW_MAX_UPLOAD_MB)')
    .action((file: string, opts: DataFlags & { name?: string; description?: string }) =>
      withWorkspace(opts, (ws) => {
        const c = ws.corpora.add({
          name: opts.name ?? defaultCorpusName(basename(file)),
          description: opts.description,
          bytes: readFileSync(file),
        });
        console.log(`added ${c.id} "${c.name}": ${formatBytes(c.bytes)}, ${formatCount(c.words)} words`);
      }, { write: true }),
    );

  corpora
    .command('show <corpus>')
    .description('statistics, top words and a preview of a corpus (by id or name)')
    .option('--top <n>', 'how many frequent words to show', intArg, 20)
    .option(...DATA_DIR_OPTION)
    .option('--json', 'print JSON')
    .action((idOrName: string, opts: DataFlags & { top: number; json?: boolean }) =>
      withWorkspace(opts, (ws) => {
        const found = ws.corpora.find(idOrName);
        if (!found) throw new UserError(404, `no corpus with id or name "${idOrName}"`);
        const c = ws.corpora.get(found.id);
        if (opts.json) return console.log(JSON.stringify(c, null, 2));
        console.log(`${c.name} (${c.id}, ${c.source}, ${c.kind})`);
        if (c.description) console.log(c.description);
        console.log(`${formatBytes(c.bytes)} · ${formatCount(c.lines)} lines · ${formatCount(c.words)} words · ${formatCount(c.uniqueWords)} unique`);
        for (const l of c.labels) console.log(`label ${l.label}: ${formatCount(l.count)}`);
        console.log(table(['word', 'count'], c.topWords.slice(0, opts.top).map((w) => [w.word, formatCount(w.count)])));
        console.log(`\n${c.preview.slice(0, 400)}`);
      }),
    );

}
