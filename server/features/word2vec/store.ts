// Trained word vectors: a row per set in SQLite (name, corpus, configuration, sizes, training
// statistics) and the vectors as a word2vec binary file under blobs/vectors/<id>.bin, loaded
// into a small cache for queries.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../storage/db.ts';
import { newId } from '../../storage/blobs.ts';
import { UserError } from '../../errors.ts';
import { fromWord2VecBinary, type KeyedVectors } from '../../../src/models/word2vec/index.ts';
import type { VectorsSummary } from '../../../src/contract/word2vec.ts';

interface Row { id: string; name: string; corpus_id: string; config: string; vocab_size: number; dim: number; stats: string; created_at: string }

const summary = (r: Row): VectorsSummary => ({
  id: r.id, name: r.name, corpusId: r.corpus_id, config: JSON.parse(r.config) as VectorsSummary['config'], vocabSize: r.vocab_size, dim: r.dim,
  stats: JSON.parse(r.stats) as VectorsSummary['stats'], createdAt: r.created_at,
});

export class VectorsStore {
  private readonly cache = new Map<string, KeyedVectors>();

  constructor(private readonly db: Db, private readonly root: string) {}

  newId(): string {
    return newId('w2v');
  }

  file(id: string): string {
    return join(this.root, `${id}.bin`);
  }

  nameTaken(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM word_vectors WHERE name = ?').get(name) !== undefined;
  }

  add(v: Omit<VectorsSummary, 'createdAt'>): VectorsSummary {
    if (!existsSync(this.file(v.id))) throw new Error(`the vectors file of "${v.name}" was not written`);
    this.db.prepare('INSERT INTO word_vectors (id, name, corpus_id, config, vocab_size, dim, stats) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(v.id, v.name, v.corpusId, JSON.stringify(v.config), v.vocabSize, v.dim, JSON.stringify(v.stats));
    return this.get(v.id);
  }

  get(id: string): VectorsSummary {
    const row = this.db.prepare('SELECT * FROM word_vectors WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no word vectors with id "${id}"`);
    return summary(row);
  }

  list(): VectorsSummary[] {
    return (this.db.prepare('SELECT * FROM word_vectors ORDER BY created_at DESC').all() as Row[]).map(summary);
  }

  load(id: string): KeyedVectors {
    this.get(id);
    let kv = this.cache.get(id);
    if (!kv) {
      kv = fromWord2VecBinary(new Uint8Array(readFileSync(this.file(id))));
      this.cache.set(id, kv);
      if (this.cache.size > 4) this.cache.delete(this.cache.keys().next().value!);
    }
    return kv;
  }

  remove(id: string): void {
    this.get(id);
    this.db.prepare('DELETE FROM word_vectors WHERE id = ?').run(id);
    this.cache.delete(id);
    rmSync(this.file(id), { force: true });
  }
}
