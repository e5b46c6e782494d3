// `lmw export onnx`: the model `--model` names (a folder, a saved GPT run, an added pretrained
// model) loaded on the CPU and written as transformers.js's folder (onnx/model.onnx, config,
// tokenizer) by the library's exporter. Into the model's own folder only onnx/ is written.
// Leaves out quantized graphs. Reference: src/pretrained/onnx-gpt.ts, onnx-llama.ts, onnx-bert.ts.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../errors.ts';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { withWorkspace, type DataFlags } from '../../cli/shared.ts';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { bertOnnxFolder, gptOnnxFolder, llamaOnnxFolder, loadPretrained } from '../../../src/pretrained/index.ts';
import { nodeModelFolder } from '../models/node-folder.ts';
import { resolveModelFolder } from '../models/resolve.ts';
import { pretrainedStore } from './store.ts';

/** Every file of transformers.js's folder for the model in `folder`. */
export async function onnxFiles(folder: string, attentions: boolean): Promise<Record<string, Uint8Array>> {
  const loaded = await loadPretrained(createCpuBackend(), nodeModelFolder(folder));
  try {
    const tok = loaded.tokenizer?.toTokenizerJson() ?? null;
    if (loaded.family === 'gpt2') return await gptOnnxFolder(loaded.model, tok, { attentions });
    if (loaded.family === 'llama') return await llamaOnnxFolder(loaded.model, tok, { attentions });
    return await bertOnnxFolder(loaded.model, tok, { attentions });
  } finally {
    loaded.model.dispose();
  }
}

export async function exportOnnx(flags: DataFlags, spec: string, out: string | undefined, attentions: boolean): Promise<string> {
  const isFolder = existsSync(spec) && statSync(spec).isDirectory();
  const { folder } = isFolder ? { folder: spec } : await withWorkspace(flags, (ws) => resolveModelFolder(spec, { gptRuns: ws.gptRuns, pretrained: pretrainedStore(ws) }));
  const target = out ?? (isFolder ? spec : undefined);
  if (!target) throw new UserError(400, `--out is needed: "${spec}" lives in the data directory, which export does not write into`);
  const files = await onnxFiles(folder, attentions);
  const inPlace = resolve(target) === resolve(folder);
  for (const [name, bytes] of Object.entries(files)) {
    if (inPlace && !name.startsWith('onnx/')) continue;
    writeFileAtomic(join(target, name), bytes);
  }
  return target;
}
