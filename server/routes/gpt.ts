// /api/gpt: GPT runs. Start one on the server (a `gpt.train` job; follow it at
// /api/jobs/<jobId>/events), stop it (it saves a checkpoint), resume it, list and delete runs,
// read a run's metric series, sample from and look at the attention of its best weights,
// download its GPT-2 folder as a tar, and import a run trained in the browser.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Workspace } from '../workspace.ts';
import { parseOrThrow } from '../validate.ts';
import { UserError } from '../errors.ts';
import { jsonBody } from './tokenizers.ts';
import { GPT2_ID } from '../tokenizers/tokenizer-store.ts';
import { gpt2Tokenizer } from '../tokenizers/gpt2.ts';
import { readCheckpointFolder, writeCheckpointFolder, GPT_FOLDER_FILES } from '../storage/checkpoint-folder.ts';
import { tarFiles } from '../storage/tar.ts';
import { gptPresets, validateGptConfig, type GptConfig } from '../../src/models/gpt/config.ts';
import { checkTrainConfig, defaultTrainConfig } from '../../src/training/gpt-train-config.ts';
import { toTokenizerJson } from '../../src/tokenizers/serialize.ts';
import { generate } from '../../src/models/gpt/generate.ts';
import { attentionMaps } from '../../src/models/gpt/attention-maps.ts';
import type { GptJobParams } from '../gpt/train-job.ts';
import { ModelCache } from '../gpt/model-cache.ts';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not an id');
const IMPORT_LIMIT = 256 * 1024 * 1024;

const modelSchema = z.object({
  preset: z.enum(['baby', 'small', 'gpt2']).default('baby'),
  nLayer: z.number().int().min(1).max(48).optional(),
  nHead: z.number().int().min(1).max(64).optional(),
  nEmbd: z.number().int().min(1).max(4096).optional(),
  contextLength: z.number().int().min(2).max(2048).optional(),
  dropout: z.number().min(0).max(0.9).optional(),
  lnPlacement: z.enum(['pre', 'post']).optional(),
  positions: z.enum(['learned', 'sinusoidal']).optional(),
  bias: z.boolean().optional(),
  activation: z.enum(['gelu', 'gelu_new']).optional(),
});

const trainSchema = z.object({
  steps: z.number().int().min(1).max(1_000_000).optional(),
  batchSize: z.number().int().min(1).max(1024).optional(),
  gradAccum: z.number().int().min(1).max(256).optional(),
  lr: z.number().positive().max(1).optional(),
  minLr: z.number().min(0).max(1).optional(),
  warmupSteps: z.number().int().min(0).optional(),
  schedule: z.enum(['cosine', 'constant', 'step', 'exponential']).optional(),
  decayEvery: z.number().int().min(1).optional(),
  decayFactor: z.number().positive().max(1).optional(),
  weightDecay: z.number().min(0).max(10).optional(),
  gradClip: z.number().min(0).optional(),
  evalEvery: z.number().int().min(1).optional(),
  evalBatches: z.number().int().min(1).max(1000).optional(),
  valFraction: z.number().gt(0).lt(1).optional(),
  patience: z.number().int().min(1).nullable().optional(),
  seed: z.number().int().optional(),
  sampleTokens: z.number().int().min(0).max(2000).optional(),
});

const startSchema = z.object({
  name: z.string().trim().min(1).max(100),
  corpusId: idSchema,
  tokenizer: z.string().min(1).max(64).default('char'),
  model: modelSchema.default({ preset: 'baby' }),
  train: trainSchema.default({}),
  backend: z.enum(['auto', 'cpu', 'wasm', 'webgpu']).default('auto'),
});

const sampleSchema = z.object({
  prompt: z.string().max(10_000).default(''),
  maxNewTokens: z.number().int().min(0).max(2000).default(200),
  temperature: z.number().min(0).max(10).default(0.8),
  topK: z.number().int().min(0).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.number().int().default(0),
});

const attentionSchema = z.object({ text: z.string().min(1, 'type some text').max(10_000) });

const metricSchema = z.object({
  step: z.number().int().min(0), loss: z.number().nullable().optional(), lr: z.number().nullable().optional(),
  tokensPerSec: z.number().nullable().optional(), msPerStep: z.number().nullable().optional(), valLoss: z.number().nullable().optional(),
  bitsPerByte: z.number().nullable().optional(), sample: z.string().max(20_000).nullable().optional(),
});

const importSchema = z.object({
  name: z.string().trim().min(1).max(100),
  corpusId: idSchema,
  tokenizer: z.string().min(1).max(64),
  backend: z.string().max(200),
  train: trainSchema,
  metrics: z.array(metricSchema).max(1_000_000),
  files: z.object({ 'config.json': z.string(), 'model.safetensors': z.string(), 'tokenizer.json': z.string() }),
});

/** A model config from a preset plus overrides, checked (errors name the field). */
export function modelFromRequest(m: z.infer<typeof modelSchema>, vocabSize: number): GptConfig {
  const { preset, ...overrides } = m;
  const clean = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  try {
    return validateGptConfig({ ...gptPresets[preset], vocabSize, ...clean } as GptConfig);
  } catch (err) {
    throw new UserError(400, `invalid field "model": ${(err as Error).message}`);
  }
}

function checkTrain(t: z.infer<typeof trainSchema>) {
  const train = { ...defaultTrainConfig, ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) };
  if (t.minLr === undefined) train.minLr = Math.min(train.minLr, train.lr);
  try {
    return checkTrainConfig(train);
  } catch (err) {
    throw new UserError(400, `invalid field "train": ${(err as Error).message}`);
  }
}

export function gptRoutes(ws: Workspace): Hono {
  const runs = ws.gptRuns;
  const models = new ModelCache(runs);
  const tokenizerJson = (spec: string): string | null => {
    if (spec === 'char') return null;
    if (spec === GPT2_ID) return JSON.stringify(toTokenizerJson(gpt2Tokenizer()));
    return ws.tokenizers.json(spec);
  };
  const startJob = (runId: string, resume: boolean, extra: { textPath: string; labelled: boolean; tokenizerJson: string | null; backend: string }) => {
    const run = runs.get(runId);
    const params: GptJobParams = { runId, resume, model: run.model, train: run.train, modelDir: runs.modelDir(runId), checkpointDir: runs.checkpointDir(runId), ...extra };
    const job = ws.jobs.start('gpt.train', params);
    runs.update(runId, { status: 'running', jobId: job.id, error: null });
    return job;
  };
  const corpusOf = (id: string) => {
    const corpus = ws.corpora.find(id);
    if (!corpus || corpus.id !== id) throw new UserError(404, `no corpus with id "${id}"`);
    return corpus;
  };

  return new Hono()
    .get('/presets', (c) => c.json({ presets: gptPresets, train: defaultTrainConfig }))
    .get('/runs', (c) => c.json({ runs: runs.list() }))
    .get('/runs/:id', (c) => {
      const id = parseOrThrow(idSchema, c.req.param('id'));
      return c.json({ run: runs.get(id), metrics: runs.metrics(id) });
    })
    .post('/runs', async (c) => {
      const body = parseOrThrow(startSchema, await jsonBody(c));
      const corpus = corpusOf(body.corpusId);
      if (body.tokenizer !== 'char') ws.tokenizers.get(body.tokenizer);
      const train = checkTrain(body.train);
      const model = modelFromRequest(body.model, 1); // the vocabulary comes from the tokenizer in the job
      const run = runs.create({ name: body.name, corpusId: corpus.id, tokenizer: body.tokenizer, place: 'server', model, train });
      const job = startJob(run.id, false, { textPath: ws.corpora.textPath(corpus.id), labelled: corpus.kind === 'labelled', tokenizerJson: tokenizerJson(body.tokenizer), backend: body.backend });
      return c.json({ run: runs.get(run.id), job }, 202);
    })
    .post('/runs/:id/stop', (c) => {
      const run = runs.get(parseOrThrow(idSchema, c.req.param('id')));
      if (run.status !== 'running' || !run.jobId) throw new UserError(409, `GPT run "${run.id}" is not training (it is ${run.status})`);
      ws.jobs.requestStop(run.jobId);
      return c.json({ run }, 202);
    })
    .post('/runs/:id/resume', (c) => {
      const run = runs.get(parseOrThrow(idSchema, c.req.param('id')));
      if (!run.resumable) throw new UserError(409, `GPT run "${run.id}" cannot be resumed (it is ${run.status}${run.place === 'browser' ? ', trained in the browser' : ''})`);
      const corpus = corpusOf(run.corpusId);
      const job = startJob(run.id, true, { textPath: ws.corpora.textPath(corpus.id), labelled: corpus.kind === 'labelled', tokenizerJson: null, backend: 'auto' });
      return c.json({ run: runs.get(run.id), job }, 202);
    })
    .delete('/runs/:id', (c) => {
      const id = parseOrThrow(idSchema, c.req.param('id'));
      runs.delete(id);
      models.forget(id);
      return c.body(null, 204);
    })
    .get('/runs/:id/download', (c) => {
      const run = runs.get(parseOrThrow(idSchema, c.req.param('id')));
      const files = readCheckpointFolder(runs.modelDir(run.id), GPT_FOLDER_FILES);
      const folder = run.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || run.id;
      c.header('Content-Disposition', `attachment; filename="${folder}.tar"`);
      return c.body(tarFiles(folder, files), 200, { 'Content-Type': 'application/x-tar' });
    })
    .post('/runs/:id/sample', async (c) => {
      const id = parseOrThrow(idSchema, c.req.param('id'));
      const body = parseOrThrow(sampleSchema, await jsonBody(c));
      const { model, codec } = await models.load(id);
      try {
        return c.json(await generate(model, codec, body.prompt, { ...body, topK: body.topK || undefined }));
      } catch (err) {
        throw new UserError(400, (err as Error).message);
      }
    })
    .post('/runs/:id/attention', async (c) => {
      const id = parseOrThrow(idSchema, c.req.param('id'));
      const body = parseOrThrow(attentionSchema, await jsonBody(c));
      const { model, codec } = await models.load(id);
      let maps;
      try {
        maps = await attentionMaps(model, codec, body.text);
      } catch (err) {
        throw new UserError(400, (err as Error).message);
      }
      return c.json({ ...maps, maps: maps.maps.map((l) => l.map((h) => Array.from(h))), step: runs.get(id).stepsDone });
    })
    .post('/runs/import', bodyLimit({ maxSize: IMPORT_LIMIT, onError: (cx) => cx.json({ error: `the upload is over the limit of ${IMPORT_LIMIT} bytes` }, 413) }), async (c) => {
      const body = parseOrThrow(importSchema, await jsonBody(c));
      const corpus = corpusOf(body.corpusId);
      const files = Object.fromEntries(Object.entries(body.files).map(([n, b64]) => [n, new Uint8Array(Buffer.from(b64, 'base64'))]));
      const loaded = await models.check(files); // validates the whole folder before anything is stored
      const run = runs.create({ name: body.name, corpusId: corpus.id, tokenizer: body.tokenizer, place: 'browser', model: loaded.config, train: checkTrain(body.train), status: 'done' });
      try {
        writeCheckpointFolder(runs.modelDir(run.id), files);
        for (const m of body.metrics) runs.addMetric(run.id, m);
        const last = body.metrics.at(-1);
        const best = body.metrics.reduce<number | null>((b, m) => (m.valLoss != null && (b === null || m.valLoss < b) ? m.valLoss : b), null);
        runs.update(run.id, { backend: body.backend, parameters: loaded.parameters, stepsDone: last?.step ?? 0, bestValLoss: best });
      } catch (err) {
        runs.delete(run.id);
        throw err;
      }
      return c.json({ run: runs.get(run.id) }, 201);
    });
}
