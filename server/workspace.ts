// A workspace is one data dir: the SQLite metadata file and the blob files beside it, the stores
// of each feature and the job runner with every feature's job kinds (features/table.ts). The server
// (and a CLI command that writes) opens one as its owner (storage/owner-lock.ts): only an owner
// marks work left running by a dead owner interrupted. A reader beside a live owner gets a
// read-only database and changes nothing. Bundled corpora are materialized on first open.
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
import { removeTempFiles } from './storage/checkpoint-swap.ts';
import { acquireOwnerLock, liveOwner, type OwnerInfo, type OwnerLock } from './storage/owner-lock.ts';

export interface Workspace {
  dataDir: string;
  db: Db;
  corpora: CorpusStore;
  tokenizers: TokenizerStore;
  gptRuns: GptRunStore;
  vectors: VectorsStore;
  encoderRuns: EncoderRunStore;
  jobs: JobRunner;
  /** This process's hold on the data directory (an owner), else null (a reader). */
  lock: OwnerLock | null;
  /** The live owner a reader opened beside (its database is read-only then), else null. */
  owner: OwnerInfo | null;
  close(): Promise<void>;
}

export interface WorkspaceOptions {
  maxUploadBytes: number;
  onProgress?: (message: string) => void;
  /** Job kinds beyond the built-in ones (tests add fixtures here). */
  extraJobKinds?: Record<string, JobDefinition>;
  /** 'owner' (the default) takes the directory's lock or throws OwnerLockError; 'reader' never writes beside a live owner. */
  access?: 'owner' | 'reader';
  /** Who owns it, for the lock's message (default "server"). */
  role?: string;
}

export function openWorkspace(dataDir: string, opts: WorkspaceOptions): Workspace {
  const lock = opts.access === 'reader' ? null : acquireOwnerLock(dataDir, opts.role ?? 'server');
  const owner = lock ? null : liveOwner(dataDir);
  try {
    return open(dataDir, opts, lock, owner);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

function open(dataDir: string, opts: WorkspaceOptions, lock: OwnerLock | null, owner: OwnerInfo | null): Workspace {
  const db = openDb(join(dataDir, 'workbench.db'), { readonly: owner !== null });
  const blobs = new BlobStore(join(dataDir, 'blobs'));
  const corpora = new CorpusStore(db, blobs, opts.maxUploadBytes);
  if (!owner) corpora.ensureBundled((name) => opts.onProgress?.(`materializing bundled corpus: ${name}`));
  const tokenizers = new TokenizerStore(db, blobs);
  const gptRuns = new GptRunStore(db, join(dataDir, 'blobs', 'gpt'));
  const vectors = new VectorsStore(db, join(dataDir, 'blobs', 'vectors'));
  const encoderRuns = new EncoderRunStore(db, join(dataDir, 'blobs', 'encoder'));
  const jobs = new JobRunner(db, { ...jobDefinitions({ corpora, tokenizers, gptRuns, vectors, encoderRuns, pretrained: pretrainedStore({ db, dataDir }) }), ...opts.extraJobKinds });
  if (lock) {
    removeTempFiles(join(dataDir, 'blobs'));
    jobs.recoverInterrupted();
    gptRuns.markInterrupted();
    encoderRuns.markInterrupted();
  }
  return {
    dataDir,
    db,
    corpora,
    tokenizers,
    gptRuns,
    vectors,
    encoderRuns,
    jobs,
    lock,
    owner,
    close: async () => {
      await jobs.close();
      if (db.open) db.close();
      lock?.release();
    },
  };
}
