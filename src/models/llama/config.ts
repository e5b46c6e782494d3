// The Llama configuration (Touvron et al. 2023) and its reading from Hugging Face's LlamaConfig
// (config.json, model_type "llama"), field by field. Options we do not implement are refused by
// name: rope_scaling, activations other than SiLU. Sizes are checked against the weights by the
// loader (src/pretrained), so a config cannot make the model allocate more than the file holds.
// Reference: transformers' configuration_llama.py.

export interface LlamaConfig {
  vocabSize: number;
  /** Longest sequence (HF: max_position_embeddings); rotary positions have no table to size. */
  contextLength: number;
  nLayer: number;
  /** Query heads. */
  nHead: number;
  /** Key/value heads (grouped-query attention: each serves nHead / nKvHead query heads). */
  nKvHead: number;
  /** Width of the residual stream C (HF: hidden_size). */
  nEmbd: number;
  /** Dimensions per head (HF: head_dim, default C / nHead). */
  headDim: number;
  /** The SwiGLU MLP's inner width (HF: intermediate_size). */
  intermediateSize: number;
  rmsNormEps: number;
  /** Rotary base θ: position p turns dimension pair i by p / θ^(2i/headDim). */
  ropeTheta: number;
  /** Output head shares the token embedding (stories260K: yes). */
  tieWordEmbeddings: boolean;
  /** Biases on q, k, v, o (HF: attention_bias) and on the MLP (mlp_bias). */
  attentionBias: boolean;
  mlpBias: boolean;
  bosTokenId: number | null;
  eosTokenId: number | null;
}

export class LlamaConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlamaConfigError';
  }
}

const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

export function validateLlamaConfig(c: LlamaConfig): LlamaConfig {
  for (const f of ['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nKvHead', 'nEmbd', 'headDim', 'intermediateSize'] as const) {
    if (!positiveInt(c[f])) throw new LlamaConfigError(`${f} must be a positive integer, got ${String(c[f])}`);
  }
  if (c.nHead % c.nKvHead !== 0) throw new LlamaConfigError(`nHead (${c.nHead}) must be a multiple of nKvHead (${c.nKvHead})`);
  if (c.headDim % 2 !== 0) throw new LlamaConfigError(`headDim must be even for rotary positions, got ${c.headDim}`);
  if (!(c.rmsNormEps > 0)) throw new LlamaConfigError(`rmsNormEps must be > 0, got ${c.rmsNormEps}`);
  if (!(c.ropeTheta > 0) || !Number.isFinite(c.ropeTheta)) throw new LlamaConfigError(`ropeTheta must be a finite number > 0, got ${c.ropeTheta}`);
  return c;
}

const num = (j: Record<string, unknown>, f: string, dflt?: number): number => {
  const v = j[f] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LlamaConfigError(`config.json: ${f} must be a number, got ${JSON.stringify(j[f])}`);
  return v;
};

const bool = (j: Record<string, unknown>, f: string, dflt: boolean): boolean => {
  const v = j[f] ?? dflt;
  if (typeof v !== 'boolean') throw new LlamaConfigError(`config.json: ${f} must be true or false, got ${JSON.stringify(j[f])}`);
  return v;
};

/** A token id field; a list (Llama 3's several end tokens) gives its first. */
const tokenId = (j: Record<string, unknown>, f: string): number | null => {
  const v = Array.isArray(j[f]) ? (j[f] as unknown[])[0] : j[f];
  if (v === undefined || v === null) return null;
  if (!Number.isInteger(v) || (v as number) < 0) throw new LlamaConfigError(`config.json: ${f} must be a token id, got ${JSON.stringify(v)}`);
  return v as number;
};

/** Reads a LlamaForCausalLM config.json, refusing what we do not implement by field name. */
export function fromHfLlamaConfig(j: Record<string, unknown>): LlamaConfig {
  if (j.model_type !== 'llama') throw new LlamaConfigError(`config.json: model_type must be "llama", got ${JSON.stringify(j.model_type)}`);
  const act = j.hidden_act ?? 'silu';
  if (act !== 'silu') throw new LlamaConfigError(`config.json: hidden_act ${JSON.stringify(act)} is not supported (silu)`);
  if (j.rope_scaling !== undefined && j.rope_scaling !== null) throw new LlamaConfigError(`config.json: rope_scaling ${JSON.stringify(j.rope_scaling)} is not supported (only plain rotary positions)`);
  const nHead = num(j, 'num_attention_heads');
  const nEmbd = num(j, 'hidden_size');
  return validateLlamaConfig({
    vocabSize: num(j, 'vocab_size'),
    contextLength: num(j, 'max_position_embeddings', 2048),
    nLayer: num(j, 'num_hidden_layers'),
    nHead,
    nKvHead: num(j, 'num_key_value_heads', nHead),
    nEmbd,
    headDim: j.head_dim === undefined || j.head_dim === null ? nEmbd / nHead : num(j, 'head_dim'),
    intermediateSize: num(j, 'intermediate_size'),
    rmsNormEps: num(j, 'rms_norm_eps', 1e-6),
    ropeTheta: num(j, 'rope_theta', 10000),
    tieWordEmbeddings: bool(j, 'tie_word_embeddings', false),
    attentionBias: bool(j, 'attention_bias', false),
    mlpBias: bool(j, 'mlp_bias', false),
    bosTokenId: tokenId(j, 'bos_token_id'),
    eosTokenId: tokenId(j, 'eos_token_id'),
  });
}
