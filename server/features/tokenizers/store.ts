// Tokenizers: the built-in GPT-2 tokenizer plus those trained here — metadata rows in SQLite,
// tokenizer.json as a blob file named by id. Loaded tokenizers are kept in a small cache.
import type { Db } from '../../storage/db.ts';
import { BlobStore, newId } from '../../storage/blobs.ts';
import { UserError } from '../../errors.ts';
import { fromTokenizerJson, toTokenizerJson, type Tokenizer } from '../../../src/tokenizers/index.ts';
import type { TokenizerSummary } from '../../../src/contract/tokenizers.ts';
import { gpt2Tokenizer } from './gpt2.ts';

interface Row {
  id: string;
  name: string;
  corpus_id: string | null;
  mode: 'byte' | 'word';
  vocab_size: number;
  merges: number;
  stats: string;
  created_at: string;
}

export const GPT2_ID = 'gpt2';
const CACHE_SIZE = 8;

function summary(r: Row): TokenizerSummary {
  return {
    id: r.id,
    name: r.name,
    builtin: false,
    mode: r.mode,
    vocabSize: r.vocab_size,
    merges: r.merges,
    corpusId: r.corpus_id,
    stats: JSON.parse(r.stats) as TokenizerSummary['stats'],
    createdAt: r.created_at,
  };
}

function gpt2Summary(): TokenizerSummary {
  return {
    id: GPT2_ID,
    name: 'GPT-2',
    builtin: true,
    mode: 'byte',
    vocabSize: 50257,
    merges: 50000,
    corpusId: null,
    stats: { source: 'GPT-2 (r50k_base) ranks from js-tiktoken' },
    createdAt: null,
  };
}

export interface NewTokenizer {
  name: string;
  corpusId: string | null;
  mode: 'byte' | 'word';
  tokenizerJson: string;
  stats: TokenizerSummary['stats'];
}

export class TokenizerStore {
  private readonly cache = new Map<string, Tokenizer>();

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
  ) {}

  list(): TokenizerSummary[] {
    const rows = this.db.prepare('SELECT * FROM tokenizers ORDER BY created_at DESC').all() as Row[];
    return [gpt2Summary(), ...rows.map(summary)];
  }

  get(id: string): TokenizerSummary {
    if (id === GPT2_ID) return gpt2Summary();
    const row = this.db.prepare('SELECT * FROM tokenizers WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new UserError(404, `no tokenizer with id "${id}"`);
    return summary(row);
  }

  nameTaken(name: string): boolean {
    return name === gpt2Summary().name || Boolean(this.db.prepare('SELECT 1 FROM tokenizers WHERE name = ?').get(name));
  }

  /** tokenizer.json text for a GPT's tokenizer spec: null for `char` (built from the corpus), GPT-2's, or a stored one's. */
  jsonForSpec(spec: string): string | null {
    if (spec === 'char') return null;
    if (spec === GPT2_ID) return JSON.stringify(toTokenizerJson(gpt2Tokenizer()));
    return this.json(spec);
  }

  /** The tokenizer.json text of a trained tokenizer. */
  json(id: string): string {
    this.get(id);
    if (id === GPT2_ID) throw new UserError(400, 'the built-in GPT-2 tokenizer has no stored tokenizer.json');
    return this.blobs.readText('tokenizers', id, 'json');
  }

  load(id: string): Tokenizer {
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const tok = id === GPT2_ID ? gpt2Tokenizer() : fromTokenizerJson(this.json(id));
    this.cache.set(id, tok);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return tok;
  }

  add(t: NewTokenizer): TokenizerSummary {
    if (this.nameTaken(t.name)) throw new UserError(409, `a tokenizer named "${t.name}" already exists; choose another name`);
    const tok = fromTokenizerJson(t.tokenizerJson);
    const id = newId('t');
    this.blobs.write('tokenizers', id, 'json', t.tokenizerJson);
    try {
      this.db
        .prepare('INSERT INTO tokenizers (id, name, corpus_id, mode, vocab_size, merges, stats) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, t.name, t.corpusId, t.mode, tok.vocabSize, tok.merges.length, JSON.stringify(t.stats));
    } catch (err) {
      this.blobs.remove('tokenizers', id, 'json');
      throw err;
    }
    this.cache.set(id, tok);
    return this.get(id);
  }

  remove(id: string): void {
    if (id === GPT2_ID) throw new UserError(403, 'the built-in GPT-2 tokenizer cannot be deleted');
    this.get(id);
    this.db.prepare('DELETE FROM tokenizers WHERE id = ?').run(id);
    this.blobs.remove('tokenizers', id, 'json');
    this.cache.delete(id);
  }
}
