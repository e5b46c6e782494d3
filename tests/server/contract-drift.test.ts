// The drift the contract removes, checked: the CLI's flags are the config's field names and its
// defaults are the library's (the same recipe the server resolves for an empty request); every
// JSON route checks its body with the contract (a bad field answers 400 naming it); every job
// kind stops through POST /api/jobs/<id>/stop; every job the API returns parses with the
// contract's job schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildCli } from '../../server/cli/program.ts';
import { kebab } from '../../server/cli/contract-options.ts';
import { trainConfigFromFlags, modelRequestFromFlags } from '../../server/features/gpt/cli.ts';
import { testServer, type TestServer } from './helpers.ts';
import { defaultTrainConfig, defaultWord2VecConfig, jobSchema, JOB_KINDS, modelFieldSchemas, trainFieldSchemas, word2vecFieldSchemas, word2vecConfigSchema } from '../../src/contract/index.ts';
import { resolveTrainConfig } from '../../src/training/gpt-train-config.ts';
import { addTinyGptRun } from './fewshot-model.ts';

let t: TestServer;
let corpusId: string;
beforeAll(() => {
  t = testServer();
  corpusId = t.workspace.corpora.add({ name: 'words', bytes: new TextEncoder().encode('the cat sat on the mat and the dog sat on the log\n'.repeat(300)) }).id;
});
afterAll(() => t.cleanup());

const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

/** Parses `lmw <args>` and returns the options the command's action would get (it does not run). */
async function flagsOf(path: string[], args: string[]): Promise<Record<string, unknown>> {
  const program = buildCli().exitOverride();
  let cmd: Command = program;
  for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
  cmd.exitOverride().configureOutput({ writeErr: () => undefined });
  let got: Record<string, unknown> = {};
  cmd.action((opts: Record<string, unknown>) => void (got = opts));
  await program.parseAsync(['node', 'lmw', ...path, ...args]);
  return got;
}

const flagNames = (path: string[]) => {
  let cmd: Command = buildCli();
  for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
  return new Set(cmd.options.map((o) => o.long));
};

describe('CLI flags from the contract', () => {
  it('lmw train gpt has a flag per recipe and model field, named as the field', () => {
    const flags = flagNames(['train', 'gpt']);
    for (const field of [...Object.keys(defaultTrainConfig), ...Object.keys(modelFieldSchemas)]) expect(flags, field).toContain(`--${kebab(field)}`);
    for (const old of ['--ln', '--clip', '--warmup']) expect(flags).not.toContain(old);
  });

  it('lmw train gpt with no recipe flags trains the library\'s default recipe, as the server does for an empty request', async () => {
    const f = await flagsOf(['train', 'gpt'], ['--corpus', 'c', '--out', 'o']);
    expect(trainConfigFromFlags(f)).toEqual(defaultTrainConfig);
    expect(modelRequestFromFlags(f)).toEqual({ preset: 'baby' });
    const res = await post('/api/gpt/runs', { name: 'defaults', corpusId, train: { steps: 1 }, backend: 'cpu' });
    const { job } = (await res.json()) as { job: { id: string; params: { runId: string } } };
    expect(t.workspace.gptRuns.get(job.params.runId).train).toEqual(resolveTrainConfig({ steps: 1 }));
  });

  it('lmw train gpt passes every recipe field through, the optimizer and its settings among them', async () => {
    const f = await flagsOf(['train', 'gpt'], ['--corpus', 'c', '--out', 'o', '--optimizer', 'adam', '--beta1', '0.8', '--beta2', '0.99', '--eps', '1e-6', '--lr', '0.01', '--grad-clip', '0.5', '--ln-placement', 'post', '--no-bias', '--patience', '3']);
    expect(trainConfigFromFlags(f)).toMatchObject({ optimizer: 'adam', beta1: 0.8, beta2: 0.99, eps: 1e-6, lr: 0.01, minLr: 0.001, gradClip: 0.5, patience: 3 });
    expect(modelRequestFromFlags(f)).toMatchObject({ lnPlacement: 'post', bias: false });
    await expect(flagsOf(['train', 'gpt'], ['--corpus', 'c', '--out', 'o', '--optimizer', 'rmsprop'])).rejects.toThrow(/rmsprop/);
    expect(() => trainConfigFromFlags({ beta2: 1 })).toThrow(/--beta2/);
  });

  it('lmw train word2vec has a flag per word2vec field and no flags means the library\'s defaults', async () => {
    const flags = flagNames(['train', 'word2vec']);
    for (const field of Object.keys(word2vecFieldSchemas)) expect(flags, field).toContain(`--${kebab(field)}`);
    const f = await flagsOf(['train', 'word2vec'], ['--corpus', 'c', '--out', 'o.bin']);
    const given = Object.fromEntries(Object.keys(word2vecFieldSchemas).filter((k) => f[k] !== undefined).map((k) => [k, f[k]]));
    expect(given).toEqual({});
    expect(word2vecConfigSchema.parse({ ...defaultWord2VecConfig })).toEqual(defaultWord2VecConfig);
  });
});

describe('every JSON route checks its body with the contract', () => {
  const routes: [string, unknown, RegExp][] = [
    ['/api/tokenizers', { name: 'x', corpusId: 'bpe-classic', mode: 'chars', merges: 3 }, /"mode"/],
    ['/api/tokenize', { tokenizer: 'gpt2', text: 7 }, /"text"/],
    ['/api/detokenize', { tokenizer: 'gpt2', ids: [-1] }, /"ids\.0"/],
    ['/api/gpt/runs', { name: 'x', corpusId: 'bpe-classic', train: { optimizer: 'rmsprop' } }, /"train\.optimizer"/],
    ['/api/gpt/runs', { name: 'x', corpusId: 'bpe-classic', train: { beta2: 1.5 } }, /"train\.beta2"/],
    ['/api/gpt/runs/import', { name: 'x', corpusId: 'bpe-classic', tokenizer: 'char', backend: 'b', train: {}, metrics: [], files: { 'config.json': '%%' } }, /"files\./],
    ['/api/embeddings/vectors', { name: 'x', corpusId: 'bpe-classic', window: 0 }, /"window"/],
    ['/api/encoder/runs', { name: 'x', corpusId: 'spam-assassin', train: { freezeLayers: -1 } }, /"train\.freezeLayers"/],
    ['/api/embeddings/vectors/import', { name: 'x', corpusId: 'bpe-classic', config: {}, stats: {}, bin: 'not base64!' }, /"bin"/],
  ];
  it.each(routes)('POST %s refuses a bad field by name', async (path, body, field) => {
    const r = await post(path, body);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(new RegExp(`^invalid field ${field.source}`));
  });

  it('the query routes too', async () => {
    const r = await post('/api/gpt/runs/gpt-nope/sample', { temperature: 'hot' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/"temperature"/);
    expect((await t.app.request('/api/jobs/NOT_AN_ID')).status).toBe(400);
  });
});

describe('one stop for every job kind', () => {
  let fewshotRun: ReturnType<typeof addTinyGptRun> | undefined;
  const tinyRun = () => (fewshotRun ??= addTinyGptRun(t.workspace, 'few-shot'));
  /** A start request per kind, long enough to be stopped while it runs. */
  const long: Record<(typeof JOB_KINDS)[number], () => Response | Promise<Response>> = {
    'tokenizer.train': () => post('/api/tokenizers', { name: 'slow', corpusId: 'brown', mode: 'byte', vocabSize: 100_000 }),
    'word2vec.train': () => post('/api/embeddings/vectors', { name: 'slow', corpusId: 'brown', epochs: 100, threads: 1 }),
    'gpt.train': () => post('/api/gpt/runs', { name: 'slow', corpusId, model: { nLayer: 1, nHead: 2, nEmbd: 16, contextLength: 16 }, train: { steps: 100_000, batchSize: 2, evalEvery: 100_000 }, backend: 'cpu' }),
    'encoder.train': () => post('/api/encoder/runs', { name: 'slow', corpusId: t.workspace.corpora.add({ name: 'labelled', bytes: new TextEncoder().encode('a\tthe cat sat on the mat\nb\tthe dog ran to the log\n'.repeat(60)) }).id, train: { vocabSize: 270, contextLength: 16, mlmSteps: 100_000, mlmBatchSize: 2, evalEvery: 100_000, valFraction: 0.3, testFraction: 0.3 }, backend: 'cpu' }),
    'fewshot.run': async () => post('/api/fewshot/runs', { model: (await tinyRun()).id, template: '{input} => {output}', query: 'a', generate: { maxNewTokens: 512 } }),
    'fewshot.sweep': async () => post('/api/fewshot/sweeps', { model: (await tinyRun()).id, template: '{input} => {output}', corpus: 'spam-assassin', draws: 50 }),
  };
  const terminated = new Set(['tokenizer.train', 'fewshot.run', 'fewshot.sweep']);

  it.each(JOB_KINDS)('%s stops through POST /api/jobs/<id>/stop, and its job parses with the contract', async (kind) => {
    const res = await long[kind]();
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string } };
    expect(jobSchema.safeParse(await (await t.app.request(`/api/jobs/${job.id}`)).json()).success).toBe(true);
    const stop = await post(`/api/jobs/${job.id}/stop`, {});
    expect(stop.status).toBe(200);
    let ended: { status: string; kind: string };
    for (;;) {
      ended = (await (await t.app.request(`/api/jobs/${job.id}`)).json()) as typeof ended;
      if (ended.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ended.status).toBe(terminated.has(kind) ? 'cancelled' : 'done'); // graceful kinds end done with what they have
    expect(jobSchema.parse(ended).kind).toBe(kind);
  }, 300_000);
});
