// The `lmw` command line: `serve`, `train <model>`, and each feature's commands from the feature
// table. Built on commander; every command prints errors as one line on stderr and exits non-zero.
import { Command } from 'commander';
import { resolveConfig } from '../config.ts';
import { startServer, WEB_DIST } from '../main.ts';
import { buildWeb, webBuildIsStale } from '../web-build.ts';
import { VERSION } from '../version.ts';
import { DATA_DIR_OPTION, type DataFlags } from './shared.ts';
import { addTrainCommand } from './train.ts';
import { features } from '../features/table.ts';

export function buildCli(): Command {
  const program = new Command('lmw')
    .description('lm-workbench: build small language models to see how they work')
    .version(VERSION);

  program
    .command('serve')
    .description('start the workbench server with the web UI')
    .option('--port <port>', 'port to listen on, 0 for any free one (env LMW_PORT; default 8787)')
    .option('--host <host>', 'address to listen on (env LMW_HOST; default 127.0.0.1)')
    .option(...DATA_DIR_OPTION)
    .option('--max-upload-mb <mb>', 'largest corpus upload in MB (env LMW_MAX_UPLOAD_MB; default 50)')
    .option('--build-web', 'build the web app first if it is missing or stale')
    .action(async (opts: DataFlags & { port?: string; host?: string; buildWeb?: boolean }) => {
      const config = resolveConfig(opts);
      if (opts.buildWeb && webBuildIsStale(WEB_DIST)) await buildWeb((l) => console.log(l));
      const server = await startServer(config);
      console.log(`lm-workbench ${VERSION} listening on ${server.url}`);
      console.log(`data: ${config.dataDir}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  const train = addTrainCommand(program);
  for (const f of features) f.cli?.(program, train);

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
