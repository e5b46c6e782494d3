// A Hugging Face LlamaForCausalLM folder onto our Llama: config.json read field by field, the
// weights' names and shapes checked against it (the rotary inv_freq buffer skipped, lm_head only
// when the head is untied), then each tensor read once into its parameter.
// Leaves out the tokenizer (loadPretrained reads it). Reference: transformers' modeling_llama.py.
import type { Backend } from '../tensor/backend.ts';
import { Rng } from '../nn/random.ts';
import { withoutInit } from '../nn/module.ts';
import { Llama } from '../models/llama/llama.ts';
import { fromHfLlamaConfig, type LlamaConfig } from '../models/llama/config.ts';
import type { ModelFolder } from './folder.ts';
import { checkWeights, writeWeights, type WeightPlan } from './check.ts';
import type { TensorEntry } from './safetensors-header.ts';

/** Parameter name → shape for a config (names as HF writes them). */
export function llamaShapes(c: LlamaConfig): Map<string, readonly number[]> {
  const { nEmbd: C, nHead: H, nKvHead: Hkv, headDim: D, intermediateSize: I } = c;
  const m = new Map<string, readonly number[]>([['model.embed_tokens.weight', [c.vocabSize, C]]]);
  for (let i = 0; i < c.nLayer; i++) {
    const p = `model.layers.${i}.`;
    const linear = (name: string, out: number, inp: number, bias: boolean) => {
      m.set(`${p}${name}.weight`, [out, inp]);
      if (bias) m.set(`${p}${name}.bias`, [out]);
    };
    m.set(`${p}input_layernorm.weight`, [C]);
    linear('self_attn.q_proj', H * D, C, c.attentionBias);
    linear('self_attn.k_proj', Hkv * D, C, c.attentionBias);
    linear('self_attn.v_proj', Hkv * D, C, c.attentionBias);
    linear('self_attn.o_proj', C, H * D, c.attentionBias);
    m.set(`${p}post_attention_layernorm.weight`, [C]);
    linear('mlp.gate_proj', I, C, c.mlpBias);
    linear('mlp.up_proj', I, C, c.mlpBias);
    linear('mlp.down_proj', C, I, c.mlpBias);
  }
  m.set('model.norm.weight', [C]);
  if (!c.tieWordEmbeddings) m.set('lm_head.weight', [c.vocabSize, C]);
  return m;
}

export function llamaPlan(c: LlamaConfig): WeightPlan {
  return {
    // A tied head saved anyway (some exporters do) is the embedding again: skipped.
    rename: (n) => (/\.rotary_emb\.inv_freq$/.test(n) || (c.tieWordEmbeddings && n === 'lm_head.weight') ? null : n),
    layerPrefix: 'model.layers.',
    layers: c.nLayer,
    layerField: 'num_hidden_layers',
    expected: () => llamaShapes(c),
  };
}

/** Our Llama with the folder's weights; config.json already parsed. */
export async function loadLlamaWeights(backend: Backend, folder: ModelFolder, configJson: Record<string, unknown>, entries: Map<string, TensorEntry>): Promise<Llama> {
  const config = fromHfLlamaConfig(configJson);
  const byModel = checkWeights(entries, llamaPlan(config));
  const model = withoutInit(() => new Llama(config, backend, new Rng(0))); // every parameter is written next
  try {
    await writeWeights(folder, model, byModel);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model.eval();
}
