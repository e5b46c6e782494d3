// The `lmw` command line: `serve` and `corpora`; later tools add their own subcommands here.
// Built on commander; every command prints errors as one line and exits non-zero.
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { resolveConfig } from './config.ts';
import { UserError } from './errors.ts';
import { startServer, WEB_DIST } from './main.ts';
import { buildWeb, webBuildIsStale } from './web-build.ts';
import { openWorkspace, type Workspace } from './workspace.ts';
import { defaultCorpusName } from './routes/corpora.ts';
import { VERSION } from './version.ts';
import { formatBytes, formatCount, table } from './format.ts';

function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

interface DataFlags {
  dataDir?: string;
  maxUploadMb?: string;
}

async function withWorkspace<T>(flags: DataFlags, fn: (ws: Workspace) => T | Promise<T>): Promise<T> {
  const config = resolveConfig(flags);
  const ws = openWorkspace(config.dataDir, {
    maxUploadBytes: config.maxUploadBytes,
    onProgress: (m) => process.stderr.write(`${m}\n`),
  });
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}

export function buildCli(): Command {
  const program = new Command('lmw')
    .description('lm-workbench: build small language models to see how they work')
    .version(VERSION);

  program
    .command('serve')
    .description('start the workbench server with the web UI')
    .option('--port <port>', 'port to listen on (env LMW_PORT)', '8787')
    .option('--host <host>', 'address to listen on (env LMW_HOST)', '127.0.0.1')
    .option('--data-dir <dir>', 'where the database and files live (env LMW_DATA_DIR)', 'data')
    .option('--max-upload-mb <mb>', 'largest corpus upload in MB (env LMW_MAX_UPLOAD_MB)')
    .option('--build-web', 'build the web app first if it is missing or stale')
    .action(async (opts: DataFlags & { port: string; host: string; buildWeb?: boolean }) => {
      const config = resolveConfig(opts);
      if (opts.buildWeb && webBuildIsStale(WEB_DIST)) await buildWeb((l) => console.log(l));
      const server = await startServer(config);
      console.log(`lm-workbench ${VERSION} listening on ${server.url}`);
      console.log(`data: ${config.dataDir}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  const corpora = program.command('corpora').description('list, add and inspect corpora');
  const dataDir = ['--data-dir <dir>', 'where the database and files live (env LMW_DATA_DIR)'] as const;

  corpora
    .command('list')
    .description('list the corpora with their sizes')
    .option(...dataDir)
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
    .option(...dataDir)
    .option('--max-upload-mb <mb>', 'largest corpus in MB (env LMW_MAX_UPLOAD_MB)')
    .action((file: string, opts: DataFlags & { name?: string; description?: string }) =>
      withWorkspace(opts, (ws) => {
        const c = ws.corpora.add({
          name: opts.name ?? defaultCorpusName(basename(file)),
          description: opts.description,
          bytes: readFileSync(file),
        });
        console.log(`added ${c.id} "${c.name}": ${formatBytes(c.bytes)}, ${formatCount(c.words)} words`);
      }),
    );

  corpora
    .command('show <corpus>')
    .description('statistics, top words and a preview of a corpus (by id or name)')
    .option('--top <n>', 'how many frequent words to show', intArg, 20)
    .option(...dataDir)
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

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`lmw: ${message}\n`);
    process.exitCode = 1;
  }
}
