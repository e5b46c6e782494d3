// The metadata database: SQLite through better-sqlite3, WAL mode, migrations applied at open.
// Blobs (corpus text, later weights) live as files beside it (see blobs.ts); only metadata here.
// Each migration runs once, in order, inside a transaction; `PRAGMA user_version` records progress.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

/** `readonly`: a reader beside a live owner (any write fails with SQLITE_READONLY; no migration). */
export function openDb(file: string, opts: { readonly?: boolean } = {}): Db {
  if (opts.readonly) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== migrations.length) {
      db.close();
      throw new Error(`database schema version ${version} differs from this lm-workbench's (${migrations.length}), and another process owns it: upgrade or stop that one`);
    }
    return db;
  }
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this lm-workbench knows (${migrations.length}); upgrade lm-workbench`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}
