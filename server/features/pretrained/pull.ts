// `pull`: a hub repository into the store — reused when the same repo@revision was pulled
// before, else downloaded into the cache folder (resumable) and moved into the store as one
// model. Leaves out the progress display (the CLI's bar or a job's progress get the bytes).
import type { PretrainedSummary } from '../../../src/contract/pretrained.ts';
import { pullPretrainedRequestSchema, type PullPretrainedRequest } from '../../../src/contract/pretrained.ts';
import { parseOrThrow } from '../../http/body.ts';
import type { PretrainedStore } from './store.ts';
import { hubCacheDir, pullFiles, type OnBytes } from './hub.ts';

export async function pullModel(store: PretrainedStore, request: PullPretrainedRequest, onBytes: OnBytes): Promise<{ model: PretrainedSummary; cached: boolean }> {
  const p = parseOrThrow(pullPretrainedRequestSchema, request);
  const source = `hub ${p.repo}@${p.revision}${p.onnx ? ' +onnx' : ''}`;
  const before = store.bySource(source);
  if (before) return { model: before, cached: true };
  const dir = hubCacheDir(store.root, p.repo, p.revision);
  await pullFiles(p, dir, onBytes);
  const model = await store.addFolder(dir, p.name ?? p.repo, source, true);
  return { model, cached: false };
}
