// /api/encoder: encoder classifier runs. Start one on the server (an `encoder.train` job: follow,
// stop and resume it under /api/jobs/<jobId>), list, read (metric series, test reports of ours and
// of the baseline: per class, confusion, misclassified texts), delete, download the BERT folder as
// a tar; classify a text (probabilities + [CLS] attention), fill masks, full attention maps.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Workspace } from '../../workspace.ts';
import { idParam, jsonBody } from '../../http/body.ts';
import { onUserInput, UserError } from '../../errors.ts';
import { readCheckpointFolder } from '../../storage/checkpoint-folder.ts';
import { tarFiles } from '../../storage/tar.ts';
import { bertPresets } from '../../../src/models/bert/config.ts';
import { checkEncoderTrainConfig } from '../../../src/training/encoder/config.ts';
import { labelIds } from '../../../src/training/encoder/train-encoder.ts';
import { stratifiedSplit } from '../../../src/data/stratified-split.ts';
import { fillMask } from '../../../src/models/bert/inference.ts';
import { classifyWithAttention, encoderAttention } from '../../../src/models/bert/attention-maps.ts';
import { attentionRequestSchema } from '../../../src/contract/gpt.ts';
import { classifyRequestSchema, encoderPresetsResponse, fillMaskRequestSchema, resolveEncoderConfig, startEncoderRunRequestSchema, type EncoderTrainConfig } from '../../../src/contract/encoder.ts';
import { storedLabelled, type LabelledCorpus } from './labelled.ts';
import { EncoderModelCache } from './model-cache.ts';
import { ENCODER_FOLDER_FILES } from './save.ts';

/** The checks a run would fail at its start, made before anything is stored (errors name the problem). */
function checkRequest(corpus: LabelledCorpus, train: EncoderTrainConfig): void {
  checkEncoderTrainConfig(train);
  labelIds(corpus.labels);
  const split = stratifiedSplit(corpus.labels, { valFraction: train.valFraction, testFraction: train.testFraction, seed: train.seed, groups: corpus.groups });
  const names = [...new Set(corpus.labels)].sort();
  for (const part of ['train', 'val', 'test'] as const) {
    const seen = new Set(split[part].map((i) => corpus.labels[i]));
    const missing = names.find((n) => !seen.has(n));
    if (missing !== undefined) throw new Error(`label "${missing}" has no examples in the ${part} split (add examples or change the fractions)`);
  }
}

export function encoderRoutes(ws: Workspace): Hono {
  const runs = ws.encoderRuns;
  const models = new EncoderModelCache(runs);
  return new Hono()
    .get('/presets', (c) => c.json(encoderPresetsResponse()))
    .get('/runs', (c) => c.json({ runs: runs.list() }))
    .get('/runs/:id', (c) => {
      const id = idParam(c);
      return c.json({ run: runs.get(id), metrics: runs.metrics(id), ...runs.reports(id) });
    })
    .post('/runs', async (c) => {
      const body = await jsonBody(c, startEncoderRunRequestSchema);
      const corpus = storedLabelled(ws.corpora, ws.corpora.require(body.corpusId).id);
      if (body.tokenizer !== 'new') ws.tokenizers.get(body.tokenizer);
      const train = resolveEncoderConfig(body.train);
      if (body.from) {
        const from = runs.get(body.from);
        if (!existsSync(join(runs.modelDir(from.id), 'model.safetensors'))) throw new UserError(409, `encoder run "${from.id}" has no saved weights to start from`);
      } else if (train.freezeLayers > bertPresets[train.preset].nLayer) throw new UserError(400, `invalid field "train.freezeLayers": ${train.freezeLayers} is above the ${bertPresets[train.preset].nLayer} layers of ${train.preset}`);
      await onUserInput('', () => checkRequest(corpus, train));
      const run = runs.create({ name: body.name, corpusId: corpus.id, tokenizer: body.tokenizer, from: body.from ?? null, place: 'server', train });
      try {
        return c.json({ job: ws.jobs.start('encoder.train', { runId: run.id, resume: false, backend: body.backend }) }, 202);
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
      const files = readCheckpointFolder(runs.modelDir(run.id), [...ENCODER_FOLDER_FILES, 'report.json'], ['config.json', 'model.safetensors', 'tokenizer.json']);
      const folder = run.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || run.id;
      c.header('Content-Disposition', `attachment; filename="${folder}.tar"`);
      return c.body(tarFiles(folder, files), 200, { 'Content-Type': 'application/x-tar' });
    })
    .post('/runs/:id/classify', async (c) => {
      const id = idParam(c);
      const body = await jsonBody(c, classifyRequestSchema);
      const { model, tokenizer } = await models.load(id);
      return c.json(await onUserInput('', () => classifyWithAttention(model, tokenizer, body.text)));
    })
    .post('/runs/:id/fill-mask', async (c) => {
      const id = idParam(c);
      const body = await jsonBody(c, fillMaskRequestSchema);
      const { model, tokenizer } = await models.load(id);
      return c.json({ masks: await onUserInput('', () => fillMask(model, tokenizer, body.text, body.topK)) });
    })
    .post('/runs/:id/attention', async (c) => {
      const id = idParam(c);
      const body = await jsonBody(c, attentionRequestSchema);
      const { model, tokenizer } = await models.load(id);
      const maps = await onUserInput('', () => encoderAttention(model, tokenizer, body.text));
      return c.json({ ...maps, maps: maps.maps.map((l) => l.map((h) => Array.from(h))), step: runs.get(id).stepsDone });
    });
}
