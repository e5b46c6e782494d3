// Answers a machine's trouble by name: a real SQLITE_FULL (a database at its page limit) is 507
// and a real SQLITE_BUSY (another connection holding the write lock) 503, not a bare 500; a GPT
// run named ".." downloads as a tar whose members all stay inside one folder.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { httpErrorOf } from '../../server/errors.ts';
import { tempDir, testServer } from './helpers.ts';
import { addTinyGptRun } from './fewshot-model.ts';

const dir = tempDir();
const t = testServer();
afterAll(() => t.cleanup());

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** The member names of a ustar archive. */
function tarNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  for (let off = 0; off + 512 <= bytes.length; ) {
    const name = Buffer.from(bytes.subarray(off, off + 100)).toString('latin1').replace(/\0.*$/s, '');
    if (!name) break;
    names.push(name);
    const size = parseInt(Buffer.from(bytes.subarray(off + 124, off + 136)).toString('latin1'), 8);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('resource errors and archive names', () => {
  it('answers a full database 507 with a message', () => {
    const db = new Database(join(dir, 'full.db'));
    db.exec('CREATE TABLE t (x BLOB)');
    db.pragma('max_page_count = 8');
    const err = thrown(() => {
      for (let i = 0; i < 100; i++) db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(4096));
    });
    db.close();
    expect((err as { code: string }).code).toBe('SQLITE_FULL');
    expect(httpErrorOf(err)).toEqual({ status: 507, message: expect.stringMatching(/disk is full/) });
  });

  it('answers a database locked by another process 503 with a message', () => {
    const file = join(dir, 'busy.db');
    const holder = new Database(file);
    holder.exec('CREATE TABLE t (x)');
    const other = new Database(file, { timeout: 0 });
    holder.exec('BEGIN IMMEDIATE');
    const err = thrown(() => other.prepare('INSERT INTO t VALUES (1)').run());
    holder.exec('ROLLBACK');
    holder.close();
    other.close();
    expect((err as { code: string }).code).toBe('SQLITE_BUSY');
    expect(httpErrorOf(err)).toEqual({ status: 503, message: expect.stringMatching(/database is busy/) });
  });

  it('keeps every member of a run named ".." inside one folder', async () => {
    const run = await addTinyGptRun(t.workspace, '..');
    const res = await t.app.request(`/api/gpt/runs/${(run as { id: string }).id}/download`);
    expect(res.status).toBe(200);
    const names = tarNames(new Uint8Array(await res.arrayBuffer()));
    expect(names).toHaveLength(3);
    for (const n of names) expect(n).toMatch(/^model\/[\w.]+$/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="model.tar"');
  }, 120_000);
});
