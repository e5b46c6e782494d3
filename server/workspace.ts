// A workspace is one data dir: the SQLite metadata file and the blob files beside it.
// Both the server and the CLI open one; bundled corpora are materialized on first open.
import { join } from 'node:path';
import { openDb, type Db } from './storage/db.ts';
import { BlobStore } from './storage/blobs.ts';
import { CorpusStore } from './corpora/corpus-store.ts';
import { JobRunner, type JobKind } from './jobs/runner.ts';
import { jobKinds } from './jobs/kinds.ts';
import { TokenizerStore } from './tokenizers/tokenizer-store.ts';
import { GptRunStore } from './gpt/run-store.ts';
import { VectorsStore } from './word2vec/vectors-store.ts';

export interface Workspace {
  dataDir: string;
  db: Db;
  corpora: CorpusStore;
  tokenizers: TokenizerStore;
  gptRuns: GptRunStore;
  vectors: VectorsStore;
  jobs: JobRunner;
  close(): Promise<void>;
}

export interface WorkspaceOptions {
  maxUploadBytes: number;
  onProgress?: (message: string) => void;
  /** Job kinds beyond the built-in ones (tests add fixtures here). */
  extraJobKinds?: Record<string, JobKind>;
}

export function openWorkspace(dataDir: string, opts: WorkspaceOptions): Workspace {
  const db = openDb(join(dataDir, 'workbench.db'));
  const blobs = new BlobStore(join(dataDir, 'blobs'));
  const corpora = new CorpusStore(db, blobs, opts.maxUploadBytes);
  corpora.ensureBundled((name) => opts.onProgress?.(`materializing bundled corpus: ${name}`));
  const tokenizers = new TokenizerStore(db, blobs);
  const gptRuns = new GptRunStore(db, join(dataDir, 'blobs', 'gpt'));
  const vectors = new VectorsStore(db, join(dataDir, 'blobs', 'vectors'));
  const jobs = new JobRunner(db, { ...jobKinds({ tokenizers, gptRuns, vectors }), ...opts.extraJobKinds });
  return {
    dataDir,
    db,
    corpora,
    tokenizers,
    gptRuns,
    vectors,
    jobs,
    close: async () => {
      await jobs.close();
      db.close();
    },
  };
}
