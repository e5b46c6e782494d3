// `lmw tokenizers list`, `lmw runs list`, `lmw vectors list` (issue 18 §3): what a data directory
// holds, by the ids and names other commands take; --json gives the API's summaries.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';

const dir = tempDir('lmw-lists-');
const data = ['--data-dir', join(dir, 'data')];
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args], { encoding: 'utf8' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lmw … list', () => {
  it('lists the tokenizers (the built-in GPT-2 one first), and says when there are no runs or vectors', () => {
    const t = lmw('tokenizers', 'list', ...data);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^id\s+name\s+mode\s+vocab\s+merges\s+corpus/m);
    expect(t.stdout).toMatch(/gpt2\s.*\bbyte\s+50257\s+50000/);
    const json = JSON.parse(lmw('tokenizers', 'list', '--json', ...data).stdout) as { id: string; builtin: boolean }[];
    expect(json.find((x) => x.id === 'gpt2')?.builtin).toBe(true);
    for (const [group, what] of [['runs', 'GPT runs'], ['vectors', 'word-vector sets']]) {
      const r = lmw(group!, 'list', ...data);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(`no ${what} yet`);
      expect(JSON.parse(lmw(group!, 'list', '--json', ...data).stdout)).toEqual([]);
    }
  }, 120_000);
});
