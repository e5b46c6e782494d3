// `lmw train gpt --out DIR` as a user who points it at a finished model: refused unless --resume
// or --force (issue 18 §2), before anything is read or written; --force starts afresh.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';

const dir = tempDir('lmw-gpt-out-');
const corpus = join(dir, 'corpus.txt');
writeFileSync(corpus, 'a rose is a rose is a rose. the rain in spain stays mainly in the plain. '.repeat(40));
const tiny = ['--n-layer', '1', '--n-head', '1', '--n-embd', '16', '--context-length', '16', '--batch-size', '2', '--backend', 'cpu', '--data-dir', join(dir, 'data')];
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args], { encoding: 'utf8' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lmw train gpt --out an existing model', () => {
  it('refuses to overwrite a finished model without --resume or --force, and --force overwrites it', () => {
    const out = join(dir, 'model');
    mkdirSync(out);
    writeFileSync(join(out, 'config.json'), '{"model_type":"gpt2","marker":"finished"}');
    writeFileSync(join(out, 'model.safetensors'), 'weights');
    const r = lmw('train', 'gpt', '--corpus', corpus, '--steps', '2', '--out', out, ...tiny);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/already holds a model \(model\.safetensors, config\.json\): continue it with --resume, overwrite it with --force/);
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toContain('finished');
    expect(readFileSync(join(out, 'model.safetensors'), 'utf8')).toBe('weights');

    const f = lmw('train', 'gpt', '--corpus', corpus, '--steps', '2', '--eval-every', '2', '--out', out, '--force', ...tiny);
    expect(f.status, f.stderr).toBe(0);
    expect(readFileSync(join(out, 'config.json'), 'utf8')).not.toContain('finished');
    expect(existsSync(join(out, 'checkpoint'))).toBe(true);
  }, 300_000);

  it('trains into a folder that does not exist yet or is empty', () => {
    const fresh = join(dir, 'empty');
    mkdirSync(fresh);
    const r = lmw('train', 'gpt', '--corpus', corpus, '--steps', '2', '--eval-every', '2', '--out', fresh, ...tiny);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(fresh, 'model.safetensors'))).toBe(true);
  }, 300_000);
});

describe('lmw train gpt --resume', () => {
  it('needs no --corpus: the run recorded it', () => {
    const out = join(dir, 'recorded');
    const r = lmw('train', 'gpt', '--corpus', corpus, '--steps', '2', '--eval-every', '2', '--out', out, ...tiny);
    expect(r.status, r.stderr).toBe(0);
    const again = lmw('train', 'gpt', '--resume', '--out', out, ...tiny);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('resuming at step 2 of 2');
    const none = lmw('train', 'gpt', '--out', join(dir, 'nowhere'), ...tiny);
    expect(none.stderr).toMatch(/give --corpus/);
  }, 300_000);
});
