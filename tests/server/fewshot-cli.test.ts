// `lmw fewshot` and `lmw fewshot sweep` as a user runs them on a tiny GPT folder: the --json
// answer's label log-probabilities equal the sum of per-token log-probabilities from a plain
// forward pass, and its top next token the forward pass's argmax; examples from a TSV file with a
// typed template; a saved run named in a data directory; a sweep table with its progress bar;
// bad input (no {input} slot, k over the pool, an empty label, a prompt over the context) named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { addTinyGptRun, tinyGptFolder } from './fewshot-model.ts';
import { writeCheckpointFolder, readCheckpointFolder, GPT_FOLDER_FILES } from '../../server/storage/checkpoint-folder.ts';
import { openWorkspace } from '../../server/workspace.ts';
import { loadGptCheckpoint } from '../../src/training/gpt-checkpoint.ts';
import { createCpuBackend, fromArray, noGrad } from '../../src/tensor/index.ts';
import { logSoftmax } from '../../src/fewshot/scoring.ts';
import type { FewshotRunResult, FewshotSweepResult } from '../../src/contract/index.ts';

const dir = tempDir('lmw-fewshot-cli-');
const model = join(dir, 'model');
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', 'fewshot', ...args], { encoding: 'utf8' });

beforeAll(async () => writeCheckpointFolder(model, await tinyGptFolder()));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Log-softmax rows of the whole sequence from one plain forward pass. */
async function rows(ids: number[]): Promise<Float64Array[]> {
  const { model: gpt, config } = await loadGptCheckpoint(createCpuBackend(), readCheckpointFolder(model, GPT_FOLDER_FILES));
  gpt.train(false);
  const logits = noGrad(() => gpt.forward(fromArray(gpt.backend, Int32Array.from(ids), [1, ids.length], 'int32')).logits);
  const data = (await logits.data()) as Float32Array;
  const V = config.vocabSize;
  return ids.map((_, t) => logSoftmax(data.subarray(t * V, (t + 1) * V)));
}

describe('lmw fewshot', () => {
  it('--json: label scores are summed per-token log-probabilities of a plain forward pass', async () => {
    const r = lmw('--model', model, '--preset', 'spam-ham', '--calibrate', '--max-new-tokens', '3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as FewshotRunResult;
    expect(out.parts.reduce((n, p) => n + p.tokens, 0)).toBe(out.promptIds.length);
    const codec = JSON.parse(readFileSync(join(model, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
    const id = (c: string) => codec.model.vocab[c]!;
    for (const label of ['spam', 'ham']) {
      const verbaliser = [...` ${label}`].map(id); // the answer's lead space, then the word, one character each
      const lp = await rows([...out.promptIds, ...verbaliser.slice(0, -1)]);
      const sum = verbaliser.reduce((s, v, i) => s + lp[out.promptIds.length - 1 + i]![v]!, 0);
      expect(out.labels![label]!.logprob).toBeCloseTo(sum, 4);
      expect(out.labels![label]!.tokens).toBe(verbaliser.length);
    }
    const last = (await rows(out.promptIds)).at(-1)!;
    expect(out.next[0]!.id).toBe(last.indexOf(Math.max(...last)));
    expect(out.next[0]!.p).toBeCloseTo(Math.exp(Math.max(...last)), 5);
    expect(out.calibration!.contentFree).toEqual(['N/A', '', '[MASK]']);
  }, 120_000);

  it('takes examples from a TSV file with a typed template, and prints tokens per part, next tokens and labels', () => {
    const tsv = join(dir, 'examples.tsv');
    writeFileSync(tsv, 'sea otter\tloutre de mer\ncheese\tfromage\n');
    const r = lmw('--model', model, '--examples', tsv, '--template', '{input} =>\\t{output}', '--query', 'bread', '--labels', 'pain,lait', '--max-new-tokens', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/prompt: \d+ of 512 tokens \(example 1 \d+, example 2 \d+, query \d+\)/);
    expect(r.stdout).toMatch(/next tokens:/);
    expect(r.stdout).toMatch(/^pain\s+-\d/m);
    expect(r.stdout).toMatch(/continuation: /);
  }, 60_000);

  it('finds a saved GPT run by name in a data directory', async () => {
    const data = join(dir, 'data');
    const ws = openWorkspace(data, { maxUploadBytes: 1e6 });
    await addTinyGptRun(ws, 'my tiny run');
    await ws.close();
    const r = lmw('--model', 'my tiny run', '--preset', 'english-french', '--max-new-tokens', '0', '--data-dir', data);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/model: GPT run my tiny run/);
  }, 60_000);

  it('names bad input', () => {
    expect(lmw('--model', model, '--template', 'Q: A: {output}', '--preset', 'spam-ham').stderr).toMatch(/no \{input\} slot/);
    expect(lmw('--model', model, '--preset', 'spam-ham', '--labels', 'spam,').stderr).toMatch(/labels|verbaliser|empty/);
    expect(lmw('--model', model, '--preset', 'spam-ham', '--query', 'x'.repeat(600)).stderr).toMatch(/over the context length 512/);
    expect(lmw('--model', join(dir, 'nowhere'), '--preset', 'spam-ham', '--data-dir', join(dir, 'empty-data')).stderr).toMatch(/no model/);
  }, 60_000);
});

describe('lmw fewshot sweep', () => {
  const corpus = join(dir, 'spam.tsv');
  beforeAll(() => writeFileSync(corpus, Array.from({ length: 24 }, (_, i) => (i % 2 ? `spam\tWin cash now ${i}` : `ham\tMinutes of meeting ${i}`)).join('\n')));

  it('prints the table with a progress bar, and --json the result', () => {
    const r = lmw('sweep', '--model', model, '--corpus', corpus, '--template', 'Subject: {input}\\nAnswer: {output}', '--k', '0,2', '--draws', '2', '--queries', '4', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sweep \[#+/);
    const out = JSON.parse(r.stdout) as FewshotSweepResult;
    expect(out.cells.map((c) => [c.k, c.runs.length])).toEqual([[0, 1], [2, 2]]);
    expect(out.gold).toHaveLength(4);
    const table = lmw('sweep', '--model', model, '--corpus', corpus, '--template', '{input} => {output}', '--k', '0', '--queries', '4', '--no-calibrate');
    expect(table.stdout).toMatch(/^k\s+mix\s+runs\s+accuracy/m);
    expect(table.stdout).toMatch(/baselines: majority/);
  }, 120_000);

  it('refuses k larger than the pool', () => {
    const r = lmw('sweep', '--model', model, '--corpus', corpus, '--template', '{input} => {output}', '--k', '0,50', '--queries', '4', '--mixes', 'random');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/k = 50 is larger than the pool of 20 examples/);
  }, 60_000);
});
