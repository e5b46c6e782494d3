// A Hugging Face folder onto our engine: config.json says the family (architectures, else
// model_type), the weights are opened and checked against it, and tokenizer.json (when there)
// is read by loadTokenizer. GPT-2 → our GPT, Llama → our Llama, BERT → the workbench's Bert.
// Leaves out other families (refused by name) and ONNX-only folders.
import type { Backend } from '../tensor/backend.ts';
import type { GPT } from '../models/gpt/gpt.ts';
import type { Llama } from '../models/llama/llama.ts';
import type { Bert } from '../models/bert/bert.ts';
import { loadTokenizer, type LoadedTokenizer } from '../tokenizers/load.ts';
import { hasFile, PretrainedError, readJson, readText, type ModelFolder } from './folder.ts';
import { openWeights } from './weights.ts';
import { loadGpt2Weights } from './gpt2.ts';
import { loadLlamaWeights } from './llama.ts';
import { BERT_ARCHITECTURES, loadBertWeights } from './bert.ts';

export type PretrainedModel =
  | { family: 'gpt2'; model: GPT }
  | { family: 'llama'; model: Llama }
  /** `fresh`: parameters the folder did not hold (a head its architecture lacks), left at their initialization. */
  | { family: 'bert'; model: Bert; fresh: string[] };

export interface Pretrained {
  architecture: string;
  /** config.json as read. */
  configJson: Record<string, unknown>;
  tokenizer: LoadedTokenizer | null;
}

const FAMILIES: Record<string, PretrainedModel['family']> = {
  GPT2LMHeadModel: 'gpt2', gpt2: 'gpt2', LlamaForCausalLM: 'llama', llama: 'llama',
  ...Object.fromEntries(BERT_ARCHITECTURES.map((a) => [a, 'bert' as const])),
};

/** The architecture a config.json names (architectures[0], else its model_type). */
export function architectureOf(config: Record<string, unknown>): string {
  const arch = Array.isArray(config.architectures) ? config.architectures : [];
  if (arch.length > 1) throw new PretrainedError(`config.json names several architectures (${arch.join(', ')}); one is supported`);
  if (typeof arch[0] === 'string') return arch[0];
  if (typeof config.model_type === 'string') return config.model_type;
  throw new PretrainedError('config.json has neither architectures nor model_type');
}

export async function loadPretrained(backend: Backend, folder: ModelFolder): Promise<Pretrained & PretrainedModel> {
  const configJson = await readJson(folder, 'config.json');
  const architecture = architectureOf(configJson);
  const family = FAMILIES[architecture];
  if (!family) throw new PretrainedError(`config.json: architecture ${architecture} is not supported (${Object.keys(FAMILIES).filter((k) => /[A-Z]/.test(k)).join(', ')})`);
  const tokenizer = hasFile(folder, 'tokenizer.json') ? loadTokenizer(await readText(folder, 'tokenizer.json')) : null;
  const vocab = configJson.vocab_size;
  if (tokenizer && typeof vocab === 'number' && tokenizer.vocabSize > vocab) {
    throw new PretrainedError(`tokenizer.json has ${tokenizer.vocabSize} tokens but config.json's vocab_size is ${vocab}`);
  }
  const entries = await openWeights(folder, architecture);
  const base = { architecture, configJson, tokenizer };
  if (family === 'gpt2') return { ...base, family, model: await loadGpt2Weights(backend, folder, configJson, entries) };
  if (family === 'llama') return { ...base, family, model: await loadLlamaWeights(backend, folder, configJson, entries) };
  return { ...base, family, ...(await loadBertWeights(backend, folder, configJson, architecture, entries)) };
}
