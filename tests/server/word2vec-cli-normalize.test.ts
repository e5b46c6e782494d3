// `lmw train word2vec`'s normalisation flags, generated from the contract (issue 18 §1): shown in
// --help with their defaults, and switchable (--no-lowercase --punctuation keep keeps "Money.").
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';

const dir = tempDir('lmw-w2v-norm-');
const corpus = join(dir, 'glued.txt');
writeFileSync(corpus, Array.from({ length: 30 }, () => 'Money, said the Bank. money is money. The MONEY!').join('\n'));
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args], { encoding: 'utf8' });
const common = ['--dim', '8', '--min-count', '1', '--epochs', '1', '--threads', '1', '--data-dir', join(dir, 'data')];
const vocab = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(' ')[0]);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lmw train word2vec normalisation flags', () => {
  it('lists them with their defaults and applies them', () => {
    const help = lmw('train', 'word2vec', '--help');
    for (const flag of ['--lowercase ', '--no-lowercase ', '--punctuation <drop|split|keep>', '--fold-numbers ']) expect(help.stdout).toContain(flag);
    expect(help.stdout).toMatch(/fold words to lower case[\s\S]*\(default:\s+true\)/);
    const normal = join(dir, 'n.txt');
    expect(lmw('train', 'word2vec', '--corpus', corpus, ...common, '--out', normal).status).toBe(0);
    expect(new Set(vocab(normal))).toEqual(new Set(['money', 'the', 'said', 'bank', 'is']));
    const raw = join(dir, 'r.txt');
    const r = lmw('train', 'word2vec', '--corpus', corpus, ...common, '--no-lowercase', '--punctuation', 'keep', '--out', raw);
    expect(r.status, r.stderr).toBe(0);
    expect(vocab(raw)).toEqual(expect.arrayContaining(['Money,', 'Bank.', 'money.', 'MONEY!']));
    expect(r.stderr).toMatch(/warning: the vocabulary has only \d+ words/);
  }, 300_000);
});
