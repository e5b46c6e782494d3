// The compare worker's module (run by server/jobs/worker-entry.js in a worker thread): every
// model of one comparison, one after another, so loading and running them never blocks the
// server's main thread. Leaves out running models in parallel (memory grows with each).
import type { CompareRequest, CompareResult } from '../../../src/contract/pretrained.ts';
import { utf8Encode } from '../../../src/data/utf8.ts';
import { compareOne, type CompareModelInput } from './compare.ts';

export interface CompareWorkerInput {
  request: CompareRequest;
  models: CompareModelInput[];
}

export async function run(input: CompareWorkerInput): Promise<CompareResult> {
  const models = [];
  for (const m of input.models) models.push(await compareOne(m, input.request));
  return { text: input.request.text, bytes: utf8Encode(input.request.text).length, models };
}
