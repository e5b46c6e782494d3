// One live owner per data directory, with real processes: a running `lmw serve` owns it; a second
// server is refused naming the first; `lmw corpora list` beside it changes nothing (work it runs
// stays running); `lmw corpora add` is refused; once the server is SIGKILLed, the next owner (not a
// reader) marks its work interrupted. Reference: server/storage/owner-lock.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from './helpers.ts';

const data = tempDir();
const lmw = (...args: string[]) => spawnSync('node', ['bin/lmw.js', ...args, '--data-dir', data], { encoding: 'utf8', timeout: 120_000 });

function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('node', ['bin/lmw.js', 'serve', '--port', '0', '--data-dir', data], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

const statuses = () => {
  const db = new Database(join(data, 'workbench.db'), { readonly: true });
  try {
    const job = db.prepare("SELECT status FROM jobs WHERE id = 'j-elsewhere'").get() as { status: string };
    const run = db.prepare("SELECT status FROM gpt_runs WHERE id = 'gpt-elsewhere'").get() as { status: string };
    return { job: job.status, run: run.status };
  } finally {
    db.close();
  }
};

let first: { child: ChildProcess; url: string };
beforeAll(async () => {
  first = await serve();
  // Work the live server runs: a job and a GPT run marked running, written as the server would.
  const db = new Database(join(data, 'workbench.db'));
  const corpus = (db.prepare('SELECT id FROM corpora LIMIT 1').get() as { id: string }).id;
  db.prepare("INSERT INTO jobs (id, kind, status, params) VALUES ('j-elsewhere', 'gpt.train', 'running', '{}')").run();
  db.prepare("INSERT INTO gpt_runs (id, name, corpus_id, tokenizer, place, status, model_config, train_config) VALUES ('gpt-elsewhere', 'r', ?, 'char', 'server', 'running', '{}', '{}')").run(corpus);
  db.close();
}, 180_000);
afterAll(() => {
  first?.child.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

describe('one owner per data directory (two processes)', () => {
  it('refuses a second server on the same directory, naming the first', () => {
    const r = lmw('serve', '--port', '0');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`in use by another lm-workbench server at ${first.url.replace(/[.:/]/g, '\\$&')} \\(pid ${first.child.pid}`));
    expect(statuses()).toEqual({ job: 'running', run: 'running' });
  }, 120_000);

  it('lets a read-only CLI command read beside the server without touching its work', () => {
    const r = lmw('corpora', 'list');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^brown\s/m);
    expect(statuses()).toEqual({ job: 'running', run: 'running' });
  }, 120_000);

  it('refuses a CLI command that writes while the server owns the directory', () => {
    const file = join(data, 'extra.txt');
    writeFileSync(file, 'one two three\n');
    const r = lmw('corpora', 'add', file, '--name', 'extra');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/in use by another lm-workbench server at http:.*this command changes the data directory/);
    expect(lmw('corpora', 'list').stdout).not.toMatch(/^c-\S+\s+extra\s/m);
  }, 120_000);

  it('declares the work interrupted only when its owner is gone, and only as the next owner', async () => {
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(lmw('corpora', 'list').status).toBe(0);
    expect(statuses()).toEqual({ job: 'running', run: 'running' }); // a reader never recovers
    const next = await serve(); // the dead server's lock is stale: taken over
    try {
      expect(statuses()).toEqual({ job: 'failed', run: 'interrupted' });
    } finally {
      next.child.kill('SIGTERM');
      await new Promise((r) => next.child.once('exit', r));
    }
    const file = join(data, 'extra.txt');
    const added = lmw('corpora', 'add', file, '--name', 'extra');
    expect(added.status, added.stderr).toBe(0);
  }, 180_000);
});
