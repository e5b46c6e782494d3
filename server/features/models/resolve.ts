// Which decoder `--model` names, for the CLI and the server alike: a table of sources tried in
// order (a folder on disk, a saved GPT run's id or name), each giving a model folder; the folder
// is then loaded onto the chosen backend as a CausalLm with its TextCodec. Leaves out encoders
// (BERT folders are refused by name). Reference: src/pretrained/load.ts, src/fewshot/lm.ts.
import { existsSync, statSync } from 'node:fs';
import type { GptRunStore } from '../gpt/run-store.ts';
import { UserError } from '../../errors.ts';
import { selectBackend } from '../../gpu/select-backend.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { engineLm, textCodec, type CausalLm, type TextCodec } from '../../../src/fewshot/index.ts';
import { nodeModelFolder } from './node-folder.ts';

/** What a source can look in (the CLI without a data directory has no runs). */
export interface ModelContext {
  /** A path on disk names a folder: the CLI's choice; the server never takes paths from a request. */
  folders?: boolean;
  gptRuns?: GptRunStore;
  /** Added pretrained models (server/features/pretrained/store.ts). */
  pretrained?: { find(spec: string): { id: string; name: string } | null; dir(id: string): string };
}

export interface ModelSource {
  kind: string;
  /** What a user writes to name a model from this source (for the error when nothing matches). */
  hint: string;
  /** The model's folder and a label for reports, or null when the spec is not this source's. */
  find(spec: string, ctx: ModelContext): { folder: string; label: string } | null;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

export const MODEL_SOURCES: ModelSource[] = [
  {
    kind: 'folder',
    hint: 'a folder with config.json, model.safetensors and tokenizer.json (a workbench GPT run, a GPT-2 or Llama checkpoint)',
    find: (spec, ctx) => (ctx.folders && isDir(spec) ? { folder: spec, label: spec } : null),
  },
  {
    kind: 'gpt-run',
    hint: "a saved GPT run's id or name",
    find(spec, ctx) {
      const run = ctx.gptRuns?.list().find((r) => r.id === spec || r.name === spec);
      if (!run) return null;
      const folder = ctx.gptRuns!.modelDir(run.id);
      if (!existsSync(folder)) throw new UserError(409, `GPT run "${run.name}" has no saved weights yet`);
      return { folder, label: `GPT run ${run.name} (${run.id})` };
    },
  },
  {
    kind: 'pretrained',
    hint: "an added pretrained model's id or name (lmw pretrained list)",
    find(spec, ctx) {
      const m = ctx.pretrained?.find(spec);
      return m ? { folder: ctx.pretrained!.dir(m.id), label: `${m.name} (${m.id})` } : null;
    },
  },
];

/** The folder `spec` names, from the first source that knows it. */
export function resolveModelFolder(spec: string, ctx: ModelContext): { folder: string; label: string; kind: string } {
  for (const s of MODEL_SOURCES) {
    const hit = s.find(spec, ctx);
    if (hit) return { ...hit, kind: s.kind };
  }
  const hints = MODEL_SOURCES.filter((s) => s.kind !== 'folder' || ctx.folders).map((s) => s.hint);
  throw new UserError(404, `no model "${spec}": give ${hints.join(', or ')}`);
}

export interface LoadedDecoder {
  lm: CausalLm;
  codec: TextCodec;
  family: 'gpt2' | 'llama';
  /** Which backend runs it, in words. */
  backend: string;
  dispose(): void;
}

/** Loads a decoder folder onto a backend (`cpu`, `wasm`, `webgpu`, `auto`). */
export async function loadDecoder(folder: string, backendChoice: string): Promise<LoadedDecoder> {
  const { backend, label, close } = await selectBackend(backendChoice);
  let loaded;
  try {
    loaded = await loadPretrained(backend, nodeModelFolder(folder));
  } catch (err) {
    close();
    if (err instanceof UserError) throw err;
    throw new UserError(400, `the model folder ${folder} cannot be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
  const dispose = () => {
    loaded.model.dispose();
    close();
  };
  if (loaded.family === 'bert') {
    dispose();
    throw new UserError(400, `${folder} holds an encoder (${loaded.architecture}): few-shot prompts need a decoder (GPT-2, Llama, a workbench GPT)`);
  }
  if (!loaded.tokenizer) {
    dispose();
    throw new UserError(400, `${folder} has no tokenizer.json: the prompt cannot be tokenized`);
  }
  try {
    return { lm: engineLm(loaded.model), codec: textCodec(loaded.tokenizer), family: loaded.family, backend: label, dispose };
  } catch (err) {
    dispose();
    throw new UserError(400, err instanceof Error ? err.message : String(err));
  }
}

/** `spec` resolved and loaded. */
export async function resolveModel(spec: string, ctx: ModelContext, backendChoice: string): Promise<LoadedDecoder & { label: string }> {
  const { folder, label } = resolveModelFolder(spec, ctx);
  return { ...(await loadDecoder(folder, backendChoice)), label };
}
