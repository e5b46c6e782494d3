// What an added folder is, read without loading its weights: the family and architecture from
// config.json, a config summary, the parameter count from the safetensors headers, the files
// worth keeping (configs, tokenizer, weights, ONNX graphs) and whether transformers.js can run it.
// Leaves out loading (src/pretrained/load.ts does that). Reference: the Hugging Face hub layout.
import { architectureOf, openWeights, PretrainedError, readJson, type ModelFolder } from '../../../src/pretrained/index.ts';
import { BERT_ARCHITECTURES } from '../../../src/pretrained/bert.ts';
import { PRETRAINED_FAMILIES, type PretrainedConfigSummary } from '../../../src/contract/pretrained.ts';

type Family = (typeof PRETRAINED_FAMILIES)[number];

const TEXT_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt', 'vocab.json', 'merges.txt'];

/** A file name an added folder may hold (anything else is left out of the copy). */
export function keptFile(name: string): boolean {
  if (TEXT_FILES.includes(name)) return true;
  if (name === 'model.safetensors.index.json') return true;
  if (/^[\w-][\w.-]*\.safetensors$/.test(name)) return true;
  return /^onnx\/[\w-][\w.-]*\.onnx(_data)?$/.test(name);
}

function familyOf(architecture: string): Family {
  if (architecture === 'GPT2LMHeadModel' || architecture === 'gpt2') return 'gpt2';
  if (architecture === 'LlamaForCausalLM' || architecture === 'llama') return 'llama';
  if ((BERT_ARCHITECTURES as readonly string[]).includes(architecture)) return 'bert';
  throw new PretrainedError(`config.json: architecture ${architecture} is not supported (GPT2LMHeadModel, LlamaForCausalLM, ${BERT_ARCHITECTURES.filter((a) => a !== 'bert').join(', ')})`);
}

const num = (j: Record<string, unknown>, ...keys: string[]): number => {
  for (const k of keys) if (typeof j[k] === 'number') return j[k] as number;
  return 0;
};

export function configSummary(architecture: string, j: Record<string, unknown>): PretrainedConfigSummary {
  return {
    architecture,
    layers: num(j, 'n_layer', 'num_hidden_layers'),
    heads: num(j, 'n_head', 'num_attention_heads'),
    hidden: num(j, 'n_embd', 'hidden_size'),
    vocabSize: num(j, 'vocab_size'),
    contextLength: num(j, 'n_positions', 'n_ctx', 'max_position_embeddings'),
  };
}

export interface FolderInfo {
  family: Family;
  config: PretrainedConfigSummary;
  parameters: number;
  /** The kept files, sorted. */
  files: { name: string; bytes: number }[];
  hasOnnx: boolean;
}

/** Checks a folder (config, weights headers, tokenizer present) and says what it holds. */
export async function inspectFolder(folder: ModelFolder): Promise<FolderInfo> {
  const configJson = await readJson(folder, 'config.json');
  const architecture = architectureOf(configJson);
  const family = familyOf(architecture);
  const entries = await openWeights(folder, architecture);
  if (!folder.names.includes('tokenizer.json')) throw new PretrainedError('the folder has no tokenizer.json (the workbench reads tokenizers in that format only)');
  let parameters = 0;
  for (const e of entries.values()) parameters += e.shape.reduce((a, b) => a * b, 1);
  const files = folder.names.filter(keptFile).sort().map((name) => ({ name, bytes: folder.size(name) }));
  return { family, config: configSummary(architecture, configJson), parameters, files, hasOnnx: folder.names.includes('onnx/model.onnx') };
}
