// A workspace is one data dir: the SQLite metadata file and the blob files beside it, the stores
// of each feature and the job runner with every feature's job kinds (features/table.ts). Both the
// server and the CLI open one; bundled corpora are materialized on first open.
import { join } from 'node:path';
import { openDb, type Db } from './storage/db.ts';
import { BlobStore } from './storage/blobs.ts';
import { CorpusStore } from './features/corpora/store.ts';
import { TokenizerStore } from './features/tokenizers/store.ts';
import { GptRunStore } from './features/gpt/run-store.ts';
import { VectorsStore } from './features/word2vec/store.ts';
import { EncoderRunStore } from './features/encoder/run-store.ts';
import { JobRunner } from './jobs/runner.ts';
import type { JobDefinition } from './jobs/definition.ts';
import { jobDefinitions } from './features/table.ts';
import { pretrainedStore } from './features/pretrained/store.ts';

export interface Workspace {
  dataDir: string;
  db: Db;
  corpora: CorpusStore;
  tokenizers: TokenizerStore;
  gptRuns: GptRunStore;
  vectors: VectorsStore;
  encoderRuns: EncoderRunStore;
  jobs: JobRunner;
  close(): Promise<void>;
}

export interface WorkspaceOptions {
  maxUploadBytes: number;
  onProgress?: (message: string) => void;
  /** Job kinds beyond the built-in ones (tests add fixtures here). */
  extraJobKinds?: Record<string, JobDefinition>;
}

export function openWorkspace(dataDir: string, opts: WorkspaceOptions): Workspace {
  const db = openDb(join(dataDir, 'workbench.db'));
  const blobs = new BlobStore(join(dataDir, 'blobs'));
  const corpora = new CorpusStore(db, blobs, opts.maxUploadBytes);
  corpora.ensureBundled((name) => opts.onProgress?.(`materializing bundled corpus: ${name}`));
  const tokenizers = new TokenizerStore(db, blobs);
  const gptRuns = new GptRunStore(db, join(dataDir, 'blobs', 'gpt'));
  const vectors = new VectorsStore(db, join(dataDir, 'blobs', 'vectors'));
  const encoderRuns = new EncoderRunStore(db, join(dataDir, 'blobs', 'encoder'));
  const jobs = new JobRunner(db, { ...jobDefinitions({ corpora, tokenizers, gptRuns, vectors, encoderRuns, pretrained: pretrainedStore({ db, dataDir }) }), ...opts.extraJobKinds });
  return {
    dataDir,
    db,
    corpora,
    tokenizers,
    gptRuns,
    vectors,
    encoderRuns,
    jobs,
    close: async () => {
      await jobs.close();
      db.close();
    },
  };
}
