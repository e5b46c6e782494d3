// lmw train encoder / classify / fill-mask as a user runs them (child processes, real files):
// a tiny run prints both stages, ours beside the baseline and the confusion matrix; classify --json
// gives the ids the model saw and probabilities that sum to one; --out is not overwritten without
// --force; bad input exits 1 with a message naming the problem and writes nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { EncoderTokenizer } from '../../src/models/bert/tokenization.ts';

const dir = tempDir('lmw-encoder-cli-');
const words: Record<string, string[]> = { sport: 'ball goal team match score player'.split(' '), food: 'bread cheese soup salad cook dinner'.split(' ') };
const lines = Array.from({ length: 100 }, (_, i) => {
  const label = i % 2 ? 'sport' : 'food';
  return `${label}\t${Array.from({ length: 8 }, (_, j) => (j % 2 ? words[label]![(i + j) % 6] : ['the', 'a', 'and', 'of'][(i * j) % 4])).join(' ')}`;
});
const corpus = join(dir, 'topics.tsv');
writeFileSync(corpus, `${lines.join('\n')}\n`);
const tiny = ['--vocab-size', '280', '--context-length', '16', '--mlm-steps', '4', '--mlm-batch-size', '8', '--steps', '6', '--batch-size', '8', '--eval-every', '3', '--mlm-eval-examples', '8', '--backend', 'cpu', '--data-dir', join(dir, 'data')];
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args], { encoding: 'utf8' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lmw train encoder / classify / fill-mask', () => {
  const out = join(dir, 'model');

  it('trains both stages and prints ours beside the baseline with the confusion matrix', () => {
    const r = lmw('train', 'encoder', '--corpus', corpus, '--out', out, ...tiny);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stage 1: masked LM/);
    expect(r.stderr).toMatch(/stage 2: fine-tuning/);
    expect(r.stderr).toMatch(/tf-idf baseline: test accuracy/);
    expect(r.stdout).toMatch(/macro-F1/);
    expect(r.stdout).toMatch(/baseline F1/);
    expect(r.stdout).toMatch(/confusion matrix \(test set\)/);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'report.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toMatchObject({ model_type: 'bert', id2label: { 0: 'food', 1: 'sport' } });
  }, 300_000);

  it('classify --json gives the ids the model saw and every class\'s probability', () => {
    const text = 'the ball and the goal';
    const r = lmw('classify', '--model', out, '--text', text, '--json');
    expect(r.status, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout.trim()) as { label: string; probs: Record<string, number>; ids: number[] };
    const tok = EncoderTokenizer.fromTokenizerJson(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    expect(o.ids).toEqual(Array.from(tok.encode(text, 16)));
    expect(o.probs.food! + o.probs.sport!).toBeCloseTo(1, 5);
    expect(o.label).toBe(o.probs.food! > o.probs.sport! ? 'food' : 'sport');
    const m = lmw('fill-mask', '--model', out, '--text', 'the [MASK] and', '--top-k', '3');
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(new RegExp(`^\\[MASK\\] at ${Array.from(tok.encode('the [MASK] and', 16)).indexOf(tok.mask)}: `));
  }, 120_000);

  it('keeps a finished model unless --force, and refuses bad input with exit 1 and nothing written', () => {
    const again = lmw('train', 'encoder', '--corpus', corpus, '--out', out, ...tiny);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds a finished model: give --force/);
    const bad: [string, string[], RegExp][] = [
      ['one-class.tsv', [], /one class only/],
      ['plain.txt', [], /no labelled lines/],
      ['rare.tsv', [], /label "b" has 1 examples/],
      ['topics.tsv', ['--freeze-layers', '9'], /freezeLayers 9 is above the 4 layers/],
    ];
    writeFileSync(join(dir, 'one-class.tsv'), 'ham\thello there\n'.repeat(30));
    writeFileSync(join(dir, 'plain.txt'), 'no labels here\n'.repeat(30));
    writeFileSync(join(dir, 'rare.tsv'), `${'a\tsome text\n'.repeat(30)}b\tthe only b\n`);
    for (const [file, extra, message] of bad) {
      const target = join(dir, `out-${file}`);
      const r = lmw('train', 'encoder', '--corpus', join(dir, file), '--out', target, ...tiny, ...extra);
      expect(r.status, file).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    }
    const noSpecials = join(dir, 'plain-tokenizer');
    const t = lmw('tokenizer', 'train', '--corpus', corpus, '--vocab-size', '280', '--out', noSpecials, '--data-dir', join(dir, 'data'));
    expect(t.status, t.stderr).toBe(0);
    const r = lmw('train', 'encoder', '--corpus', corpus, '--tokenizer', noSpecials, '--out', join(dir, 'out-tok'), ...tiny);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/lacks the special tokens \[PAD\] \[UNK\] \[CLS\] \[SEP\] \[MASK\]/);
    expect(existsSync(join(dir, 'out-tok'))).toBe(false);
  }, 300_000);
});
