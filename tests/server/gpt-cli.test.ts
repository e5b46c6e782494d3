// `lmw train gpt` and `lmw sample` as a user runs them: a tiny char-level GPT trained on the CPU
// reference into a GPT-2 folder that an independent PyTorch GPT-2 (tests/fixtures/torch) reads
// to the same logits and the same greedy continuation; Ctrl-C saves a checkpoint that --resume
// continues; a config that does not divide is refused before anything is written.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { codecFromTokenizerJson } from '../../src/tokenizers/codec.ts';
import { loadGptCheckpoint } from '../../src/training/gpt-checkpoint.ts';
import { readCheckpointFolder } from '../../server/storage/checkpoint-folder.ts';
import { createCpuBackend, fromArray, noGrad, scope } from '../../src/tensor/index.ts';

const dir = tempDir('lmw-gpt-cli-');
const corpus = join(dir, 'corpus.txt');
writeFileSync(corpus, 'a rose is a rose is a rose. the rain in spain stays mainly in the plain. '.repeat(60));
const tiny = ['--n-layer', '2', '--n-head', '2', '--n-embd', '32', '--context-length', '32', '--batch-size', '4', '--backend', 'cpu', '--data-dir', join(dir, 'data')];
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args], { encoding: 'utf8' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lmw train gpt / lmw sample', () => {
  const out = join(dir, 'model');

  it('trains into a GPT-2 folder that PyTorch reads to the same logits and greedy tokens', async () => {
    const r = lmw('train', 'gpt', '--corpus', corpus, '--steps', '40', '--eval-every', '20', '--lr', '3e-3', '--warmup-steps', '5', '--out', out, ...tiny);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/step 40: val loss [\d.]+, perplexity [\d.]+, [\d.]+ bits\/byte/);
    expect(r.stderr).toMatch(/--- sample ---/);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toMatchObject({ model_type: 'gpt2', n_layer: 2, n_head: 2, n_embd: 32, n_positions: 32, activation_function: 'gelu_new' });

    const prompt = 'the rain in ';
    const s = lmw('sample', '--model', out, '--prompt', prompt, '--max-new-tokens', '16', '--temperature', '0');
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout.startsWith(prompt), 'the prompt is printed before its continuation').toBe(true);
    const ours = s.stdout.replace(/\n$/, '').slice(prompt.length);
    expect(ours).toHaveLength(16);

    const codec = codecFromTokenizerJson(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    const ids = Array.from(codec.encode(prompt));
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['tests/fixtures/torch/gpt2_reference.py', out, JSON.stringify(ids), '16'], { encoding: 'utf8' })) as { logits: number[]; greedy: number[] };
    expect(codec.decode(ref.greedy)).toBe(ours);

    const { model } = await loadGptCheckpoint(createCpuBackend(), readCheckpointFolder(out, ['config.json', 'model.safetensors', 'tokenizer.json']));
    model.eval();
    const logits = await scope(() => noGrad(() => model.forward(fromArray(model.backend, ids, [1, ids.length], 'int32')).logits)).data();
    expect(logits).toHaveLength(ref.logits.length);
    let worst = 0;
    logits.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ref.logits[i]!) / Math.max(1, Math.abs(ref.logits[i]!)))));
    expect(worst).toBeLessThan(1e-4);
    model.dispose();
  });

  it('saves a checkpoint on Ctrl-C and continues it with --resume', async () => {
    const out2 = join(dir, 'interrupted');
    const child = spawn('node', ['bin/lmw.js', 'train', 'gpt', '--corpus', corpus, '--steps', '400', '--eval-every', '200', '--out', out2, ...tiny]);
    let err = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/step \d+\/400/.test(err) && child.exitCode === null && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', () => resolve());
    });
    expect(child.exitCode, err).toBe(130);
    expect(err).toMatch(/stopped at step (\d+); checkpoint saved/);
    const stopped = Number(/stopped at step (\d+)/.exec(err)![1]);
    expect(existsSync(join(out2, 'checkpoint', 'optimizer.safetensors'))).toBe(true);
    const r = lmw('train', 'gpt', '--corpus', corpus, '--resume', '--out', out2, '--steps', '400', ...tiny);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`resuming at step ${stopped} of 400`);
    expect(r.stderr).toMatch(/trained 400 steps/);
  });

  it('refuses a width that heads do not divide, writing nothing', () => {
    const out3 = join(dir, 'bad');
    const r = lmw('train', 'gpt', '--corpus', corpus, '--steps', '5', '--out', out3, ...tiny, '--n-embd', '30', '--n-head', '4');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--n-embd \(30\) must be divisible by --n-head \(4\)/);
    expect(existsSync(out3)).toBe(false);
  });
});
