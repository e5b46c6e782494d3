// /api/gpt: GPT runs. Start one on the server (a `gpt.train` job: follow, stop and resume it
// under /api/jobs/<jobId>), list and delete runs, read a run's metric series, sample from and look
// at the attention of its best weights, download its GPT-2 folder as a tar, and import a run
// trained in the browser (the feature table gives that upload its own size limit).
import { Hono } from 'hono';
import type { Workspace } from '../../workspace.ts';
import { idParam, jsonBody } from '../../http/body.ts';
import { fromBase64 } from '../../http/uploads.ts';
import { onUserInput, UserError } from '../../errors.ts';
import { readCheckpointFolder, writeCheckpointFolder, GPT_FOLDER_FILES } from '../../storage/checkpoint-folder.ts';
import { archiveFolder, tarFiles } from '../../storage/tar.ts';
import type { GptConfig } from '../../../src/models/gpt/config.ts';
import { resolveTrainConfig } from '../../../src/training/gpt-train-config.ts';
import { generate } from '../../../src/models/gpt/generate.ts';
import { attentionMaps } from '../../../src/models/gpt/attention-maps.ts';
import { attentionRequestSchema, gptPresetsResponse, importGptRunRequestSchema, sampleRequestSchema, startGptRunRequestSchema } from '../../../src/contract/gpt.ts';
import { resolveModelRequest, type GptModelRequest } from '../../../src/contract/training.ts';
import { ModelCache } from './model-cache.ts';
import { checkRunFits } from './memory-estimate.ts';

/** A model config from a preset plus overrides, checked (errors name the field). */
export function modelFromRequest(m: GptModelRequest, vocabSize: number): GptConfig {
  try {
    return resolveModelRequest(m, vocabSize);
  } catch (err) {
    throw new UserError(400, `invalid field "model": ${(err as Error).message}`);
  }
}

const trainFrom = (t: Parameters<typeof resolveTrainConfig>[0]) => onUserInput('invalid field "train": ', () => resolveTrainConfig(t));

export function gptRoutes(ws: Workspace): Hono {
  const runs = ws.gptRuns;
  const models = new ModelCache(runs);
  return new Hono()
    .get('/presets', (c) => c.json(gptPresetsResponse()))
    .get('/runs', (c) => c.json({ runs: runs.list() }))
    .get('/runs/:id', (c) => {
      const id = idParam(c);
      return c.json({ run: runs.get(id), metrics: runs.metrics(id) });
    })
    .post('/runs', async (c) => {
      const body = await jsonBody(c, startGptRunRequestSchema);
      const corpus = ws.corpora.require(body.corpusId);
      if (body.tokenizer !== 'char') ws.tokenizers.get(body.tokenizer);
      const train = await trainFrom(body.train);
      const model = modelFromRequest(body.model, 1); // the vocabulary comes from the tokenizer in the job
      checkRunFits(model, train, body.tokenizer === 'char' ? 256 : ws.tokenizers.get(body.tokenizer).vocabSize);
      const run = runs.create({ name: body.name, corpusId: corpus.id, tokenizer: body.tokenizer, place: 'server', model, train });
      try {
        return c.json({ job: ws.jobs.start('gpt.train', { runId: run.id, resume: false, backend: body.backend }) }, 202);
      } catch (err) {
        runs.update(run.id, { status: 'failed' });
        runs.delete(run.id);
        throw err;
      }
    })
    .delete('/runs/:id', (c) => {
      const id = idParam(c);
      runs.delete(id);
      models.forget(id);
      return c.body(null, 204);
    })
    .get('/runs/:id/download', (c) => {
      const run = runs.get(idParam(c));
      const files = readCheckpointFolder(runs.modelDir(run.id), GPT_FOLDER_FILES);
      const folder = archiveFolder(run.name);
      c.header('Content-Disposition', `attachment; filename="${folder}.tar"`);
      return c.body(tarFiles(folder, files), 200, { 'Content-Type': 'application/x-tar' });
    })
    .post('/runs/:id/sample', async (c) => {
      const id = idParam(c);
      const body = await jsonBody(c, sampleRequestSchema);
      const { model, codec } = await models.load(id);
      return c.json(await onUserInput('', () => generate(model, codec, body.prompt, { ...body, topK: body.topK || undefined })));
    })
    .post('/runs/:id/attention', async (c) => {
      const id = idParam(c);
      const body = await jsonBody(c, attentionRequestSchema);
      const { model, codec } = await models.load(id);
      const maps = await onUserInput('', () => attentionMaps(model, codec, body.text));
      return c.json({ ...maps, maps: maps.maps.map((l) => l.map((h) => Array.from(h))), step: runs.get(id).stepsDone });
    })
    .post('/runs/import', async (c) => {
      const body = await jsonBody(c, importGptRunRequestSchema);
      const corpus = ws.corpora.require(body.corpusId);
      const files = Object.fromEntries(Object.entries(body.files).map(([n, b64]) => [n, fromBase64(b64)]));
      const loaded = await models.check(files); // validates the whole folder before anything is stored
      const run = runs.create({ name: body.name, corpusId: corpus.id, tokenizer: body.tokenizer, place: 'browser', model: loaded.config, train: await trainFrom(body.train), status: 'done' });
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
