// The `fewshot.run` and `fewshot.sweep` jobs' worker thread: loads the decoder folder the main
// thread resolved onto the chosen backend, then runs the prompt or the sweep (progress after each
// query scored). A stop terminates the thread (the job ends cancelled; a sweep keeps nothing).
import type { FewshotRunParams, FewshotRunResult, FewshotSweepParams, FewshotSweepProgress, FewshotSweepResult } from '../../../src/contract/fewshot.ts';
import { loadDecoder } from '../models/resolve.ts';
import type { CorpusSweep } from './corpus-spec.ts';
import { runWith, sweepWith } from './execute.ts';

interface Model {
  folder: string;
  label: string;
}

export type FewshotWorkerInput = ({ job: 'run'; params: FewshotRunParams } | { job: 'sweep'; params: FewshotSweepParams; sweep: CorpusSweep }) & Model;

type Progress = { stage: 'loading' | 'running'; backend?: string } | FewshotSweepProgress;

export async function run(input: FewshotWorkerInput, onProgress: (p: Progress) => void): Promise<FewshotRunResult | FewshotSweepResult> {
  if (input.job === 'run') onProgress({ stage: 'loading' });
  const d = await loadDecoder(input.folder, input.params.backend);
  try {
    const model = { ...d, label: input.label };
    if (input.job === 'sweep') return await sweepWith(model, input.sweep, input.params, onProgress);
    onProgress({ stage: 'running', backend: d.backend });
    return await runWith(model, input.params);
  } finally {
    d.dispose();
  }
}
