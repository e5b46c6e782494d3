import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';

const data = tempDir();
afterAll(() => rmSync(data, { recursive: true, force: true }));

const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args, '--data-dir', data], { encoding: 'utf8' });

describe('lmw CLI', () => {
  it('prints help with its commands', () => {
    const out = execFileSync('node', ['bin/lmw.js', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/serve/);
    expect(out).toMatch(/corpora/);
  });

  it('lists the bundled corpora with sizes', () => {
    const r = lmw('corpora', 'list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^brown\s+Brown corpus\s+bundled\s+text\s+5\.7 MB\s+57,340/m);
    expect(r.stdout).toMatch(/^bpe-classic\s+BPE classic example\s+bundled\s+text\s+96 B\s+5\s+18\s+5$/m);
    expect(r.stdout).toMatch(/^spam-assassin\s.*labelled/m);
  });

  it('adds a file and shows it by name', () => {
    const file = join(data, 'tiny.txt');
    writeFileSync(file, 'a rose is a rose is a rose\n');
    const added = lmw('corpora', 'add', file, '--name', 'roses');
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/added c-[0-9a-f]+ "roses": 27 B, 8 words/);
    const shown = lmw('corpora', 'show', 'roses', '--json');
    expect(shown.status).toBe(0);
    const c = JSON.parse(shown.stdout) as { topWords: { word: string; count: number }[] };
    expect(c.topWords.slice(0, 2)).toEqual([{ word: 'a', count: 3 }, { word: 'rose', count: 3 }]);
  });

  it('fails with a clear message on invalid UTF-8 and an unknown corpus', () => {
    const file = join(data, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const bad = lmw('corpora', 'add', file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/lmw: file is not valid UTF-8: invalid byte sequence at offset 3/);
    const missing = lmw('corpora', 'show', 'no-such');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no corpus with id or name "no-such"/);
  });
});

describe('lmw tokenizer', () => {
  const out = join(data, 'tok');
  it('trains from a corpus id and writes tokenizer.json and merges.txt', () => {
    const r = lmw('tokenizer', 'train', '--corpus', 'bpe-classic', '--merges', '8', '--mode', 'word', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/learned 8 merges/);
    expect(readFileSync(join(out, 'merges.txt'), 'utf8')).toBe('#version: 0.2\ne r\ner _\nn e\nne w\nl o\nlo w\nnew er_\nlow _\n');
  });

  it('encodes and decodes with a trained folder and with gpt2', () => {
    const enc = spawnSync('node', ['bin/lmw.js', 'tokenizer', 'encode', '--tokenizer', out, '--tokens'], { input: 'lower newer', encoding: 'utf8' });
    expect(JSON.parse(enc.stdout)).toEqual(['low', 'er_', 'newer_']);
    const ids = spawnSync('node', ['bin/lmw.js', 'tokenizer', 'encode', '--tokenizer', 'gpt2'], { input: 'Hello world', encoding: 'utf8' });
    expect(JSON.parse(ids.stdout)).toEqual([15496, 995]);
    const dec = spawnSync('node', ['bin/lmw.js', 'tokenizer', 'decode', '--tokenizer', 'gpt2'], { input: '[15496, 995]', encoding: 'utf8' });
    expect(dec.stdout).toBe('Hello world');
  });

  it('says why training cannot be done', () => {
    const r = lmw('tokenizer', 'train', '--corpus', 'bpe-classic', '--vocab-size', '5', '--mode', 'word', '--out', join(data, 'no'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/vocab size 5 is below the alphabet size 11 plus 1 special tokens/);
  });
});
