// The one table of the server's features: where each mounts under /api, the upload routes that
// take bodies over the JSON limit (with their limits), its CLI commands, and its job kinds.
// app.ts mounts the routes, workspace.ts builds the job runner, cli/program.ts adds the commands.
import type { Hono } from 'hono';
import type { Command } from 'commander';
import type { Workspace } from '../workspace.ts';
import type { KnownJobDefinition } from '../jobs/definition.ts';
import type { CorpusStore } from './corpora/store.ts';
import type { TokenizerStore } from './tokenizers/store.ts';
import type { GptRunStore } from './gpt/run-store.ts';
import type { VectorsStore } from './word2vec/store.ts';
import type { PretrainedStore } from './pretrained/store.ts';
import type { JobKindName } from '../../src/contract/jobs.ts';
import { healthRoutes } from './health/routes.ts';
import { corporaRoutes, MULTIPART_OVERHEAD } from './corpora/routes.ts';
import { addCorporaCommands } from './corpora/cli.ts';
import { jobsRoutes } from './jobs/routes.ts';
import { tokenizeRoutes, tokenizersRoutes } from './tokenizers/routes.ts';
import { addTokenizerCommands } from './tokenizers/cli.ts';
import { tokenizerTrainJob } from './tokenizers/job.ts';
import { gptRoutes } from './gpt/routes.ts';
import { addGptTrainCommand, addSampleCommand } from './gpt/cli.ts';
import { gptTrainJob } from './gpt/job.ts';
import { embeddingsRoutes } from './word2vec/routes.ts';
import { addWord2VecCommands, addWord2VecTrainCommand } from './word2vec/cli.ts';
import { word2vecTrainJob } from './word2vec/job.ts';
import type { EncoderRunStore } from './encoder/run-store.ts';
import { encoderRoutes } from './encoder/routes.ts';
import { addEncoderCommands, addEncoderTrainCommand } from './encoder/cli.ts';
import { encoderTrainJob } from './encoder/job.ts';
import { fewshotRoutes } from './fewshot/routes.ts';
import { addFewshotCommands } from './fewshot/cli.ts';
import { pretrainedRoutes, PRETRAINED_UPLOAD_BYTES } from './pretrained/routes.ts';
import { addPretrainedCommands } from './pretrained/cli.ts';
import { fewshotRunJob, fewshotSweepJob } from './fewshot/job.ts';

export interface Feature {
  /** Mount point under /api. */
  path: string;
  routes(ws: Workspace): Hono;
  /** Routes (relative to `path`, as `POST /import`) whose bodies may exceed the JSON limit, with their own limit in bytes. */
  uploads?(ws: Workspace): Record<string, number>;
  /** Adds the feature's commands to `lmw` (`train` is the `lmw train` parent). */
  cli?(program: Command, train: Command): void;
}

const MB = 1024 * 1024;

export const features: Feature[] = [
  { path: '/health', routes: () => healthRoutes() },
  {
    path: '/corpora',
    routes: (ws) => corporaRoutes(ws.corpora),
    uploads: (ws) => ({ 'POST /': ws.corpora.maxUploadBytes + MULTIPART_OVERHEAD }),
    cli: (program) => addCorporaCommands(program),
  },
  { path: '/jobs', routes: (ws) => jobsRoutes(ws.jobs) },
  { path: '/tokenizers', routes: tokenizersRoutes, cli: (program) => addTokenizerCommands(program) },
  { path: '/', routes: tokenizeRoutes },
  {
    path: '/gpt',
    routes: gptRoutes,
    uploads: () => ({ 'POST /runs/import': 256 * MB }),
    cli: (program, train) => {
      addGptTrainCommand(train);
      addSampleCommand(program);
    },
  },
  {
    path: '/embeddings',
    routes: embeddingsRoutes,
    uploads: () => ({ 'POST /vectors/import': 512 * MB }),
    cli: (program, train) => {
      addWord2VecTrainCommand(train);
      addWord2VecCommands(program);
    },
  },
  { path: '/fewshot', routes: fewshotRoutes, cli: (program) => addFewshotCommands(program) },
  { path: '/pretrained', routes: pretrainedRoutes, uploads: () => ({ 'POST /': PRETRAINED_UPLOAD_BYTES }), cli: (program) => addPretrainedCommands(program) },
  {
    path: '/encoder',
    routes: encoderRoutes,
    cli: (program, train) => {
      addEncoderTrainCommand(train);
      addEncoderCommands(program);
    },
  },
];

/** `METHOD /api/...` → limit, for every upload route of every feature. */
export function uploadLimits(ws: Workspace): Map<string, number> {
  const limits = new Map<string, number>();
  for (const f of features) {
    for (const [route, bytes] of Object.entries(f.uploads?.(ws) ?? {})) {
      const [method, path] = route.split(' ') as [string, string];
      limits.set(`${method} ${`/api${f.path}${path}`.replace(/\/+/g, '/').replace(/\/$/, '')}`, bytes);
    }
  }
  return limits;
}

/** The job kinds the server runs, bound to the stores that keep their results. */
export function jobDefinitions(s: { corpora: CorpusStore; tokenizers: TokenizerStore; gptRuns: GptRunStore; vectors: VectorsStore; encoderRuns: EncoderRunStore; pretrained?: PretrainedStore }): { [K in JobKindName]: KnownJobDefinition<K> } {
  return {
    'tokenizer.train': tokenizerTrainJob(s.corpora, s.tokenizers),
    'word2vec.train': word2vecTrainJob(s.corpora, s.vectors),
    'gpt.train': gptTrainJob(s),
    'encoder.train': encoderTrainJob(s),
    'fewshot.run': fewshotRunJob({ gptRuns: s.gptRuns, pretrained: s.pretrained }),
    'fewshot.sweep': fewshotSweepJob(s.corpora, { gptRuns: s.gptRuns, pretrained: s.pretrained }),
  };
}
