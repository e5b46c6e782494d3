import { afterEach, describe, expect, it } from 'vitest';
import { bundledCorpora } from '../../corpora/manifest.ts';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDb } from '../../server/storage/db.ts';
import { migrations } from '../../server/storage/migrations.ts';
import { BlobStore, newId } from '../../server/storage/blobs.ts';
import { openWorkspace } from '../../server/workspace.ts';
import { tempDir } from './helpers.ts';

const dirs: string[] = [];
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite database', () => {
  it('opens a real file in WAL mode with every migration applied', () => {
    const file = join(dir(), 'nested', 'workbench.db');
    const db = openDb(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toContain('corpora');
    db.close();
    expect(existsSync(file)).toBe(true);
  });

  it('applies migrations once: reopening changes nothing', () => {
    const file = join(dir(), 'workbench.db');
    openDb(file).close();
    const db = openDb(file);
    expect(migrate(db)).toBe(migrations.length);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('refuses a database from a newer version instead of touching it', () => {
    const file = join(dir(), 'workbench.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    expect(() => openDb(file)).toThrow(/newer than this lm-workbench knows/);
  });
});

describe('blob store', () => {
  it('writes atomically and leaves no temp files', () => {
    const blobs = new BlobStore(dir());
    const path = blobs.write('corpora', 'c-1', 'txt', 'first');
    blobs.write('corpora', 'c-1', 'txt', 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(join(blobs.root, 'corpora'))).toEqual(['c-1.txt']);
  });

  it.each(['../escape', 'a/b', 'UPPER', '', '.hidden'])('never builds a path from the name %j', (id) => {
    const blobs = new BlobStore(dir());
    expect(() => blobs.write('corpora', id, 'txt', 'x')).toThrow(/invalid blob name/);
  });

  it('makes unique, path-safe ids', () => {
    const a = newId('c');
    expect(a).toMatch(/^c-[0-9a-f]{16}$/);
    expect(newId('c')).not.toBe(a);
  });
});

describe('workspace', () => {
  it('keeps user corpora across reopening and materializes bundled ones only once', async () => {
    const d = dir();
    const messages: string[] = [];
    const ws = openWorkspace(d, { maxUploadBytes: 1024, onProgress: (m) => messages.push(m) });
    expect(messages).toHaveLength(bundledCorpora.length);
    const added = ws.corpora.add({ name: 'kept', bytes: new TextEncoder().encode('one two three') });
    await ws.close();
    const again = openWorkspace(d, { maxUploadBytes: 1024, onProgress: (m) => messages.push(m) });
    expect(messages).toHaveLength(bundledCorpora.length); // none a second time
    expect(again.corpora.find('kept')?.id).toBe(added.id);
    expect(again.corpora.text(added.id)).toBe('one two three');
    await again.close();
  });
});
