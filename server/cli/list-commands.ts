// `lmw tokenizers list`, `lmw runs list`, `lmw vectors list`: what the data directory holds, with the
// ids and names that --tokenizer, --model and --vectors-style flags and the API take. Read-only;
// --json prints the contract's summaries. Reference: `lmw corpora list` (features/corpora/cli.ts).
import type { Command } from 'commander';
import { table } from './format.ts';
import { DATA_DIR_OPTION, withWorkspace, type DataFlags } from './shared.ts';
import type { Workspace } from '../workspace.ts';

type Lister = { rows: (ws: Workspace) => unknown[]; header: string[]; cells: (row: never) => string[] };

function addList(program: Command, group: string, what: string, l: Lister): void {
  program
    .command(group)
    .description(`list the ${what} in the data directory`)
    .command('list')
    .description(`list the ${what} with their ids and names`)
    .option(...DATA_DIR_OPTION)
    .option('--json', 'print JSON')
    .action((opts: DataFlags & { json?: boolean }) =>
      withWorkspace(opts, (ws) => {
        const rows = l.rows(ws);
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(rows.length === 0 ? `no ${what} yet` : table(l.header, rows.map((r) => l.cells(r as never))));
      }),
    );
}

const loss = (x: number | null | undefined) => (x == null ? '–' : x.toFixed(4));

/** `lmw tokenizers list`. */
export function addTokenizersList(program: Command): void {
  addList(program, 'tokenizers', 'tokenizers', {
    rows: (ws) => ws.tokenizers.list(),
    header: ['id', 'name', 'mode', 'vocab', 'merges', 'corpus'],
    cells: (t: ReturnType<Workspace['tokenizers']['list']>[number]) => [t.id, t.name, t.mode, String(t.vocabSize), String(t.merges), t.corpusId ?? '–'],
  });
}

/** `lmw runs list`: the GPT runs (`lmw sample --model` takes their id or name). */
export function addRunsList(program: Command): void {
  addList(program, 'runs', 'GPT runs', {
    rows: (ws) => ws.gptRuns.list(),
    header: ['id', 'name', 'status', 'steps', 'best val loss', 'corpus', 'tokenizer'],
    cells: (r: ReturnType<Workspace['gptRuns']['list']>[number]) => [r.id, r.name, r.status, `${r.stepsDone}/${r.train.steps}`, loss(r.bestValLoss), r.corpusId, r.tokenizer],
  });
}

/** `lmw vectors list`: the word-vector sets. */
export function addVectorsList(program: Command): void {
  addList(program, 'vectors', 'word-vector sets', {
    rows: (ws) => ws.vectors.list(),
    header: ['id', 'name', 'words', 'dim', 'corpus', 'warnings'],
    cells: (v: ReturnType<Workspace['vectors']['list']>[number]) => [v.id, v.name, String(v.vocabSize), String(v.dim), v.corpusId, String(v.stats.warnings?.length ?? 0)],
  });
}
