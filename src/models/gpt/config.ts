// The GPT configuration with its documented defaults, the presets, and the mapping to and from
// Hugging Face GPT-2's config.json. Leaves out GPT-2's options we do not model (scale_attn_by_
// inverse_layer_idx, reorder_and_upcast_attn); a config.json that sets them is refused.
// Reference: Radford et al. 2019 (GPT-2); Vaswani et al. 2017 (post-LN, sinusoidal positions).

export interface GptConfig {
  /** Tokens in the vocabulary (the embedding table's rows). */
  vocabSize: number;
  /** Longest sequence the model sees (GPT-2: n_positions). */
  contextLength: number;
  nLayer: number;
  nHead: number;
  /** Width of the residual stream (C); each head has C / nHead dimensions. */
  nEmbd: number;
  /** Dropout on embeddings, attention output and MLP output (0 = none). */
  dropout: number;
  /** 'pre': x + f(LN(x)) as GPT-2; 'post': LN(x + f(x)) as the original Transformer. */
  lnPlacement: 'pre' | 'post';
  /** 'learned' (a wpe table, as GPT-2) or the fixed sinusoidal encoding. */
  positions: 'learned' | 'sinusoidal';
  /** Biases in the linear layers (layer norms always have them). */
  bias: boolean;
  /** GELU exact (erf) or GPT-2's tanh approximation ("gelu_new"). */
  activation: 'gelu' | 'gelu_new';
  layerNormEpsilon: number;
}

export type GptPresetName = 'baby' | 'small' | 'gpt2';

const BASE = { dropout: 0, lnPlacement: 'pre', positions: 'learned', bias: true, activation: 'gelu_new', layerNormEpsilon: 1e-5 } as const;

/** Sizes only; the vocabulary comes from the tokenizer (GPT-2's preset also fixes 50257). */
export const gptPresets: Record<GptPresetName, Omit<GptConfig, 'vocabSize'> & { vocabSize?: number }> = {
  baby: { ...BASE, nLayer: 4, nHead: 4, nEmbd: 128, contextLength: 64 },
  small: { ...BASE, nLayer: 6, nHead: 6, nEmbd: 384, contextLength: 256 },
  gpt2: { ...BASE, nLayer: 12, nHead: 12, nEmbd: 768, contextLength: 1024, vocabSize: 50257 },
};

export class GptConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GptConfigError';
  }
}

const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

/** Upper bounds far above any model this workbench can train or load (GPT-2 XL: 48 layers, 25 heads, 1600 wide). */
export const gptConfigLimits = { vocabSize: 1_048_576, contextLength: 65_536, nLayer: 256, nHead: 256, nEmbd: 32_768 } as const;

/** Throws a GptConfigError naming the field when the config cannot make a model. */
export function validateGptConfig(c: GptConfig): GptConfig {
  for (const f of ['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nEmbd'] as const) {
    if (!positiveInt(c[f])) throw new GptConfigError(`${f} must be a positive integer, got ${String(c[f])}`);
    if (c[f] > gptConfigLimits[f]) throw new GptConfigError(`${f} is ${c[f]}, over the limit of ${gptConfigLimits[f]}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new GptConfigError(`nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`);
  if (c.positions === 'sinusoidal' && c.nEmbd % 2 !== 0) throw new GptConfigError(`sinusoidal positions need an even nEmbd, got ${c.nEmbd}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new GptConfigError(`dropout must be in [0, 1), got ${c.dropout}`);
  if (c.lnPlacement !== 'pre' && c.lnPlacement !== 'post') throw new GptConfigError(`lnPlacement must be 'pre' or 'post', got ${String(c.lnPlacement)}`);
  if (c.positions !== 'learned' && c.positions !== 'sinusoidal') throw new GptConfigError(`positions must be 'learned' or 'sinusoidal', got ${String(c.positions)}`);
  if (c.activation !== 'gelu' && c.activation !== 'gelu_new') throw new GptConfigError(`activation must be 'gelu' or 'gelu_new', got ${String(c.activation)}`);
  if (!(c.layerNormEpsilon > 0)) throw new GptConfigError(`layerNormEpsilon must be > 0, got ${c.layerNormEpsilon}`);
  return c;
}

export function presetConfig(name: GptPresetName, vocabSize: number, overrides: Partial<GptConfig> = {}): GptConfig {
  const p = gptPresets[name];
  if (!p) throw new GptConfigError(`unknown preset "${String(name)}" (baby, small, gpt2)`);
  return validateGptConfig({ ...p, vocabSize, ...overrides });
}

/** GPT-2's config.json for this model; our extra choices ride along under `lmw_*` keys. */
export function toHfConfig(c: GptConfig): Record<string, unknown> {
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: c.vocabSize,
    n_positions: c.contextLength,
    n_ctx: c.contextLength,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_inner: null,
    activation_function: c.activation,
    resid_pdrop: c.dropout,
    embd_pdrop: c.dropout,
    attn_pdrop: 0,
    layer_norm_epsilon: c.layerNormEpsilon,
    initializer_range: 0.02,
    scale_attn_weights: true,
    use_cache: true,
    tie_word_embeddings: true,
    bos_token_id: null,
    eos_token_id: null,
    lmw_ln_placement: c.lnPlacement,
    lmw_positions: c.positions,
    lmw_bias: c.bias,
  };
}

/** Every tensor of the model in GPT-2's naming with its shape (Conv1D weights as (in, out)), without building it. */
export function gptParameterShapes(c: GptConfig): Map<string, number[]> {
  const C = c.nEmbd;
  const shapes = new Map<string, number[]>([['transformer.wte.weight', [c.vocabSize, C]]]);
  if (c.positions === 'learned') shapes.set('transformer.wpe.weight', [c.contextLength, C]);
  const linear = (name: string, n: number, m: number) => {
    shapes.set(`${name}.weight`, [n, m]);
    if (c.bias) shapes.set(`${name}.bias`, [m]);
  };
  for (let i = 0; i < c.nLayer; i++) {
    const h = `transformer.h.${i}`;
    shapes.set(`${h}.ln_1.weight`, [C]).set(`${h}.ln_1.bias`, [C]);
    linear(`${h}.attn.c_attn`, C, 3 * C);
    linear(`${h}.attn.c_proj`, C, C);
    shapes.set(`${h}.ln_2.weight`, [C]).set(`${h}.ln_2.bias`, [C]);
    linear(`${h}.mlp.c_fc`, C, 4 * C);
    linear(`${h}.mlp.c_proj`, 4 * C, C);
  }
  return shapes.set('transformer.ln_f.weight', [C]).set('transformer.ln_f.bias', [C]);
}

/** Reads a GPT-2 config.json (ours or a hub one), checking every field it uses. */
export function fromHfConfig(json: unknown): GptConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new GptConfigError('config.json must be a JSON object');
  const j = json as Record<string, unknown>;
  if (j.model_type !== 'gpt2') throw new GptConfigError(`config.json: model_type must be "gpt2", got ${JSON.stringify(j.model_type)}`);
  if (j.n_inner !== undefined && j.n_inner !== null && j.n_inner !== 4 * (j.n_embd as number)) throw new GptConfigError('config.json: n_inner other than 4 × n_embd is not supported');
  if (j.scale_attn_by_inverse_layer_idx === true || j.reorder_and_upcast_attn === true) throw new GptConfigError('config.json: scale_attn_by_inverse_layer_idx / reorder_and_upcast_attn are not supported');
  if (j.scale_attn_weights === false) throw new GptConfigError('config.json: scale_attn_weights=false is not supported');
  if (j.tie_word_embeddings === false) throw new GptConfigError('config.json: untied output embeddings are not supported');
  const act = j.activation_function ?? 'gelu_new';
  if (act !== 'gelu' && act !== 'gelu_new') throw new GptConfigError(`config.json: activation_function ${JSON.stringify(act)} is not supported (gelu, gelu_new)`);
  return validateGptConfig({
    vocabSize: j.vocab_size as number,
    contextLength: j.n_positions as number,
    nLayer: j.n_layer as number,
    nHead: j.n_head as number,
    nEmbd: j.n_embd as number,
    dropout: typeof j.resid_pdrop === 'number' ? j.resid_pdrop : 0,
    lnPlacement: j.lmw_ln_placement === 'post' ? 'post' : 'pre',
    positions: j.lmw_positions === 'sinusoidal' ? 'sinusoidal' : 'learned',
    bias: j.lmw_bias !== false,
    activation: act,
    layerNormEpsilon: typeof j.layer_norm_epsilon === 'number' ? j.layer_norm_epsilon : 1e-5,
  });
}
