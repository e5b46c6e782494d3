// A Llama as a Hugging Face folder's parts: config.json (LlamaConfig's fields) and
// model.safetensors in LlamaForCausalLM's names, so transformers and PyTorch read what the
// workbench writes. Leaves out the tokenizer (the caller adds its tokenizer.json) and reading
// (src/pretrained/llama.ts). Reference: transformers' configuration_llama.py.
import { writeSafetensors, type NamedArray } from '../../tensor/safetensors.ts';
import type { Llama } from './llama.ts';
import type { LlamaConfig } from './config.ts';

export function toHfLlamaConfig(c: LlamaConfig): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: c.vocabSize,
    max_position_embeddings: c.contextLength,
    num_hidden_layers: c.nLayer,
    num_attention_heads: c.nHead,
    num_key_value_heads: c.nKvHead,
    hidden_size: c.nEmbd,
    head_dim: c.headDim,
    intermediate_size: c.intermediateSize,
    rms_norm_eps: c.rmsNormEps,
    rope_theta: c.ropeTheta,
    rope_scaling: null,
    hidden_act: 'silu',
    tie_word_embeddings: c.tieWordEmbeddings,
    attention_bias: c.attentionBias,
    mlp_bias: c.mlpBias,
    bos_token_id: c.bosTokenId,
    eos_token_id: c.eosTokenId,
    torch_dtype: 'float32',
  };
}

/** model.safetensors bytes (F32) in LlamaForCausalLM's names. */
export async function llamaWeights(model: Llama): Promise<Uint8Array> {
  const arrays: NamedArray[] = await Promise.all(
    model.namedParameters().map(async ([name, t]) => ({ name, dtype: 'F32' as const, shape: [...t.shape], data: (await t.data()) as Float32Array })),
  );
  return writeSafetensors(arrays, { format: 'pt' });
}
