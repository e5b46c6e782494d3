// `lmw train word2vec` / `lmw word2vec query` as a user runs them: vectors trained with two
// Hogwild threads on the planted corpus solve its analogies; the .bin and .txt files are read by
// gensim's KeyedVectors with the same words, vectors and neighbours; bad input is refused.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { plantedCorpus } from '../../src/models/word2vec/planted.ts';
import { fromWord2VecBinary } from '../../src/models/word2vec/format.ts';
import { readFileSync } from 'node:fs';

const dir = tempDir('lmw-w2v-cli-');
const planted = plantedCorpus();
const corpus = join(dir, 'planted.txt');
writeFileSync(corpus, planted.text);
writeFileSync(join(dir, 'q.txt'), `: capitals\n${planted.analogies.map((a) => a.join(' ')).join('\n')}\nzzz yyy xxx www\n`);
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args], { encoding: 'utf8' });
const common = ['--arch', 'sg', '--dim', '20', '--min-count', '1', '--sample', '0', '--epochs', '10', '--threads', '2', '--data-dir', join(dir, 'data')];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lmw word2vec', () => {
  it('trains with threads, answers queries, and writes files gensim reads identically', () => {
    for (const ext of ['bin', 'txt']) {
      const out = join(dir, `v.${ext}`);
      const r = lmw('train', 'word2vec', '--corpus', corpus, ...common, '--out', out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/effective words\/s, 2 threads\); loss per epoch/);
      const ev = lmw('word2vec', 'query', '--vectors', out, '--eval-analogies', join(dir, 'q.txt'));
      expect(ev.status, ev.stderr).toBe(0);
      const m = /total\t(\d+)\/(\d+)\t[\d.]+ %\tcoverage ([\d.]+) %/.exec(ev.stdout)!;
      expect(Number(m[1]) / Number(m[2])).toBeGreaterThanOrEqual(0.9);
      expect(Number(m[3])).toBeLessThan(100);
      const g = JSON.parse(execFileSync('/usr/bin/python3', ['tests/fixtures/gensim/read_vectors.py', out, 'country2'], { encoding: 'utf8' })) as { count: number; dim: number; vector: number[]; nearest: string };
      const ours = lmw('word2vec', 'query', '--vectors', out, '--similar', 'country2', '--topn', '1');
      expect(g.dim).toBe(20);
      expect(ours.stdout.split('\t')[0]).toBe(g.nearest);
      if (ext === 'bin') {
        const kv = fromWord2VecBinary(new Uint8Array(readFileSync(out)));
        expect(g.count).toBe(kv.words.length);
        expect(g.vector).toEqual(Array.from(kv.vector('country2')));
      }
    }
  });

  it('refuses bad input clearly and writes nothing', () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '\n \n');
    const out = join(dir, 'never.bin');
    const cases: [string[], RegExp][] = [
      [['train', 'word2vec', '--corpus', empty, '--out', out], /the corpus is empty/],
      [['train', 'word2vec', '--corpus', corpus, '--min-count', '100000', '--out', out], /min-count 100000 leaves no vocabulary/],
      [['train', 'word2vec', '--corpus', corpus, '--dim', '0', '--out', out], /--dim: .*>=1/],
      [['train', 'word2vec', '--corpus', corpus, '--out', join(dir, 'v.vec')], /--out must end in .txt/],
      [['word2vec', 'query', '--vectors', join(dir, 'missing.bin'), '--similar', 'a'], /no vectors file/],
      [['word2vec', 'query', '--vectors', join(dir, 'v.bin'), '--similar', 'atlantis'], /"atlantis" is not in the vocabulary/],
    ];
    for (const [args, msg] of cases) {
      const r = lmw(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(msg);
    }
    expect(existsSync(out)).toBe(false);
  });
});
