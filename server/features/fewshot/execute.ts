// One few-shot run and one sweep on a loaded decoder, as the `fewshot.*` jobs' worker and
// `lmw fewshot` carry them out: the contract's params mapped onto the library's calls, the
// library's FewshotError turned into a 400 that names the problem. Leaves out loading (resolve.ts).
import { FewshotError, runFewshot, sweep, tokenLabels, type StopSignal, type SweepProgress } from '../../../src/fewshot/index.ts';
import type { FewshotRunParams, FewshotRunResult, FewshotSweepParams, FewshotSweepResult } from '../../../src/contract/fewshot.ts';
import type { CorpusSweep } from './corpus-spec.ts';
import type { LoadedDecoder } from '../models/resolve.ts';
import { UserError } from '../../errors.ts';

async function asUserError<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof FewshotError) throw new UserError(400, err.message);
    throw err;
  }
}

export function runWith(d: LoadedDecoder & { label: string }, p: FewshotRunParams, signal?: StopSignal): Promise<FewshotRunResult> {
  return asUserError(async () => {
    const r = await runFewshot(d.lm, d.codec, {
      instruction: p.instruction, template: p.template, examples: p.examples, query: p.query, separator: p.separator, trimQuery: p.trimQuery,
      labels: p.labels, topK: p.topK, generate: p.generate, calibrate: p.calibrate, contentFree: p.contentFree, attention: p.attention,
      overflow: p.overflow, signal,
    });
    return { ...r, promptTokens: tokenLabels(d.codec, r.promptIds), model: d.label, backend: d.backend };
  });
}

export function sweepWith(
  d: LoadedDecoder & { label: string },
  s: CorpusSweep,
  p: FewshotSweepParams,
  onProgress?: (e: SweepProgress) => void,
  signal?: StopSignal,
): Promise<FewshotSweepResult> {
  return asUserError(async () => {
    const r = await sweep(d.lm, d.codec, s.spec, { ks: p.ks, draws: p.draws, orders: p.orders, mixes: p.mixes, calibrate: p.calibrate, seed: p.seed, onProgress, signal });
    // JSON has no NaN (a cell that did not fit has no mean): it travels as null, as the contract says.
    return JSON.parse(JSON.stringify({ ...r, model: d.label, backend: d.backend, queries: s.queries, pool: s.pool })) as FewshotSweepResult;
  });
}
