// A Hugging Face GPT2LMHeadModel folder onto our GPT: config.json through the GPT's own reader
// (which refuses GPT-2 options we do not model), tensor names with or without `transformer.`,
// Conv1D (in, out) weights taken as they are, the tied lm_head and the attn.bias / masked_bias
// buffers skipped, every name and shape checked before the model is built.
// Reference: transformers' modeling_gpt2.py.
import type { Backend } from '../tensor/backend.ts';
import { Rng } from '../nn/random.ts';
import { withoutInit } from '../nn/module.ts';
import { GPT } from '../models/gpt/gpt.ts';
import { fromHfConfig, type GptConfig } from '../models/gpt/config.ts';
import type { ModelFolder } from './folder.ts';
import { checkWeights, writeWeights, type WeightPlan } from './check.ts';
import type { TensorEntry } from './safetensors-header.ts';

/** Parameter name → shape (our names: `transformer.h.{i}…`), for a config with GPT-2's biases and learned positions. */
export function gpt2Shapes(c: GptConfig): Map<string, readonly number[]> {
  const C = c.nEmbd;
  const m = new Map<string, readonly number[]>([['transformer.wte.weight', [c.vocabSize, C]]]);
  if (c.positions === 'learned') m.set('transformer.wpe.weight', [c.contextLength, C]);
  for (let i = 0; i < c.nLayer; i++) {
    const p = `transformer.h.${i}.`;
    const linear = (name: string, inp: number, out: number) => {
      m.set(`${p}${name}.weight`, [inp, out]);
      if (c.bias) m.set(`${p}${name}.bias`, [out]);
    };
    m.set(`${p}ln_1.weight`, [C]);
    m.set(`${p}ln_1.bias`, [C]);
    linear('attn.c_attn', C, 3 * C);
    linear('attn.c_proj', C, C);
    m.set(`${p}ln_2.weight`, [C]);
    m.set(`${p}ln_2.bias`, [C]);
    linear('mlp.c_fc', C, 4 * C);
    linear('mlp.c_proj', 4 * C, C);
  }
  m.set('transformer.ln_f.weight', [C]);
  m.set('transformer.ln_f.bias', [C]);
  return m;
}

const BUFFERS = /(^|\.)attn\.(masked_)?bias$/;

export function gpt2Plan(c: GptConfig): WeightPlan {
  return {
    rename: (n) => {
      if (BUFFERS.test(n) || n === 'lm_head.weight') return null; // causal-mask buffers; the head is tied to wte
      const name = n.startsWith('transformer.') ? n : `transformer.${n}`;
      // The workbench writes a bias-free model with zero biases, and sinusoidal positions as wpe.
      if (!c.bias && /\.(c_attn|c_proj|c_fc)\.bias$/.test(name)) return null;
      return c.positions === 'sinusoidal' && name === 'transformer.wpe.weight' ? null : name;
    },
    layerPrefix: 'transformer.h.',
    layers: c.nLayer,
    layerField: 'n_layer',
    expected: () => gpt2Shapes(c),
  };
}

/** Our GPT with the folder's weights; config.json already parsed. */
export async function loadGpt2Weights(backend: Backend, folder: ModelFolder, configJson: Record<string, unknown>, entries: Map<string, TensorEntry>): Promise<GPT> {
  const config = fromHfConfig(configJson);
  const byModel = checkWeights(entries, gpt2Plan(config));
  const model = withoutInit(() => new GPT(config, backend, new Rng(0))); // every parameter is written next
  try {
    await writeWeights(folder, model, byModel);
  } catch (err) {
    model.dispose();
    throw err;
  }
  model.eval();
  return model;
}
