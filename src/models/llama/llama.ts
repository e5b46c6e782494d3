// Llama (Touvron et al. 2023) as Hugging Face's LlamaForCausalLM draws it: token embedding, N
// pre-norm blocks of RMSNorm → grouped-query self-attention with rotary positions → residual,
// RMSNorm → SwiGLU MLP (down(silu(gate(x)) ⊙ up(x))) → residual, a final RMSNorm and an output
// head (tied to the embedding or not). Parameter names and (out, in) layouts are HF's, so a
// checkpoint maps one to one. forward(ids, targets?, { attention, cache }) as the GPT's.
// Leaves out rope scaling, sliding windows and attention dropout. Reference: modeling_llama.py.
import type { Backend } from '../../tensor/backend.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { add, addScalar, expand, mul, mulScalar, powScalar } from '../../tensor/ops/binary.ts';
import { tanh } from '../../tensor/ops/unary.ts';
import { mean } from '../../tensor/ops/reduce.ts';
import { matmul } from '../../tensor/ops/matmul.ts';
import { permute } from '../../tensor/ops/permute.ts';
import { reshape } from '../../tensor/ops/reshape.ts';
import { crossEntropy } from '../../tensor/ops/cross-entropy.ts';
import { mergeHeads, scaledDotProductAttention } from '../../tensor/ops/attention.ts';
import { Module } from '../../nn/module.ts';
import { Linear } from '../../nn/linear.ts';
import { Embedding } from '../../nn/layers.ts';
import type { Rng } from '../../nn/random.ts';
import { KvCache } from '../gpt/kv-cache.ts';
import type { GptForwardOptions, GptOutput } from '../gpt/gpt.ts';
import { validateLlamaConfig, type LlamaConfig } from './config.ts';
import { applyRotary, rotaryTables, type Rotary } from './rotary.ts';

const init = { kind: 'normal', std: 0.02 } as const;

/** y = x / √(mean(x²) + ε) ⊙ w over the last axis (Zhang & Sennrich 2019): no centring, no bias. */
export class RmsNorm extends Module {
  readonly weight: Tensor;

  constructor(backend: Backend, rng: Rng, dim: number, readonly eps: number) {
    super();
    this.weight = this.param('weight', backend, [dim], { kind: 'ones' }, rng);
  }

  forward(x: Tensor): Tensor {
    const meanSquare = mean(mul(x, x), -1, true); // (…, 1)
    return mul(mul(x, powScalar(addScalar(meanSquare, this.eps), -0.5)), this.weight);
  }
}

/** silu(x) = x·σ(x), with σ(x) = (1 + tanh(x/2)) / 2 (no overflow for large |x|). */
export const silu = (x: Tensor): Tensor => mul(x, mulScalar(addScalar(tanh(mulScalar(x, 0.5)), 1), 0.5));

/** (B, T, n·D) → (B, n, T, D). */
function heads(y: Tensor, n: number, D: number): Tensor {
  const [B, T] = y.shape as [number, number, number];
  return permute(reshape(y, [B, T, n, D]), [0, 2, 1, 3]);
}

/** Each key/value head serves `rep` consecutive query heads: (B, Hkv, T, D) → (B, Hkv·rep, T, D). */
function repeatKv(x: Tensor, rep: number): Tensor {
  if (rep === 1) return x;
  const [B, Hkv, T, D] = x.shape as [number, number, number, number];
  return reshape(expand(reshape(x, [B, Hkv, 1, T, D]), [B, Hkv, rep, T, D]), [B, Hkv * rep, T, D]);
}

class LlamaAttention extends Module {
  readonly q_proj: Linear;
  readonly k_proj: Linear;
  readonly v_proj: Linear;
  readonly o_proj: Linear;

  constructor(backend: Backend, rng: Rng, private readonly cfg: LlamaConfig) {
    super();
    const { nEmbd: C, nHead: H, nKvHead: Hkv, headDim: D, attentionBias: bias } = cfg;
    const o = { bias, init, layout: 'out,in' } as const;
    this.q_proj = this.child('q_proj', new Linear(backend, rng, C, H * D, o));
    this.k_proj = this.child('k_proj', new Linear(backend, rng, C, Hkv * D, o));
    this.v_proj = this.child('v_proj', new Linear(backend, rng, C, Hkv * D, o));
    this.o_proj = this.child('o_proj', new Linear(backend, rng, H * D, C, o));
  }

  // x (B, T, C) → (B, T, C); probs (B, H, T, T_total) when asked.
  forward(x: Tensor, rope: Rotary, layer: number, cache: KvCache | undefined, wantProbs: boolean): { out: Tensor; probs?: Tensor } {
    const { nHead: H, nKvHead: Hkv, headDim: D } = this.cfg;
    const q = applyRotary(heads(this.q_proj.forward(x), H, D), rope); // (B, H, T, D)
    let k = applyRotary(heads(this.k_proj.forward(x), Hkv, D), rope); // (B, Hkv, T, D)
    let v = heads(this.v_proj.forward(x), Hkv, D);
    if (cache) [k, v] = cache.append(layer, k, v); // (B, Hkv, T_total, D), cached before repetition
    const { out, probs } = scaledDotProductAttention(q, repeatKv(k, H / Hkv), repeatKv(v, H / Hkv), { causal: true, returnProbs: wantProbs });
    return { out: this.o_proj.forward(mergeHeads(out)), probs };
  }
}

class LlamaMlp extends Module {
  readonly gate_proj: Linear;
  readonly up_proj: Linear;
  readonly down_proj: Linear;

  constructor(backend: Backend, rng: Rng, cfg: LlamaConfig) {
    super();
    const o = { bias: cfg.mlpBias, init, layout: 'out,in' } as const;
    this.gate_proj = this.child('gate_proj', new Linear(backend, rng, cfg.nEmbd, cfg.intermediateSize, o));
    this.up_proj = this.child('up_proj', new Linear(backend, rng, cfg.nEmbd, cfg.intermediateSize, o));
    this.down_proj = this.child('down_proj', new Linear(backend, rng, cfg.intermediateSize, cfg.nEmbd, o));
  }

  forward(x: Tensor): Tensor {
    return this.down_proj.forward(mul(silu(this.gate_proj.forward(x)), this.up_proj.forward(x)));
  }
}

class DecoderLayer extends Module {
  readonly input_layernorm: RmsNorm;
  readonly self_attn: LlamaAttention;
  readonly post_attention_layernorm: RmsNorm;
  readonly mlp: LlamaMlp;

  constructor(backend: Backend, rng: Rng, cfg: LlamaConfig) {
    super();
    this.input_layernorm = this.child('input_layernorm', new RmsNorm(backend, rng, cfg.nEmbd, cfg.rmsNormEps));
    this.self_attn = this.child('self_attn', new LlamaAttention(backend, rng, cfg));
    this.post_attention_layernorm = this.child('post_attention_layernorm', new RmsNorm(backend, rng, cfg.nEmbd, cfg.rmsNormEps));
    this.mlp = this.child('mlp', new LlamaMlp(backend, rng, cfg));
  }

  forward(x: Tensor, rope: Rotary, layer: number, cache: KvCache | undefined, wantProbs: boolean): { out: Tensor; probs?: Tensor } {
    const a = this.self_attn.forward(this.input_layernorm.forward(x), rope, layer, cache, wantProbs);
    const h = add(x, a.out); // x + Attention(RMSNorm(x))
    return { out: add(h, this.mlp.forward(this.post_attention_layernorm.forward(h))), probs: a.probs };
  }
}

class Layers extends Module {
  readonly list: DecoderLayer[];

  constructor(backend: Backend, rng: Rng, cfg: LlamaConfig) {
    super();
    this.list = Array.from({ length: cfg.nLayer }, (_, i) => this.child(String(i), new DecoderLayer(backend, rng, cfg)));
  }
}

class LlamaBody extends Module {
  readonly embed_tokens: Embedding;
  readonly layers: Layers;
  readonly norm: RmsNorm;

  constructor(backend: Backend, rng: Rng, cfg: LlamaConfig) {
    super();
    this.embed_tokens = this.child('embed_tokens', new Embedding(backend, rng, cfg.vocabSize, cfg.nEmbd, init));
    this.layers = this.child('layers', new Layers(backend, rng, cfg));
    this.norm = this.child('norm', new RmsNorm(backend, rng, cfg.nEmbd, cfg.rmsNormEps));
  }
}

export class Llama extends Module {
  readonly config: LlamaConfig;
  readonly backend: Backend;
  readonly model: LlamaBody;
  readonly lm_head: Linear | null;

  constructor(config: LlamaConfig, backend: Backend, rng: Rng) {
    super();
    this.config = validateLlamaConfig(config);
    this.backend = backend;
    this.model = this.child('model', new LlamaBody(backend, rng, config));
    this.lm_head = config.tieWordEmbeddings ? null : this.child('lm_head', new Linear(backend, rng, config.nEmbd, config.vocabSize, { bias: false, init, layout: 'out,in' }));
  }

  // ids (B, T) int32, targets (B, T) int32 → logits (B, T, V), loss, attention per layer.
  forward(ids: Tensor, targets?: Tensor, opts: GptForwardOptions = {}): GptOutput {
    if (ids.rank !== 2 || ids.dtype !== 'int32') throw new Error(`Llama.forward: ids must be int32 (B, T), got ${ids.dtype} [${ids.shape.join(', ')}]`);
    const [B, T] = ids.shape as [number, number];
    const offset = opts.cache?.length ?? 0;
    if (offset + T > this.config.contextLength) throw new Error(`Llama.forward: ${offset + T} positions exceed the context length ${this.config.contextLength}`);
    const rope = rotaryTables(this.backend, offset, T, this.config.headDim, this.config.ropeTheta);
    let x = this.model.embed_tokens.forward(ids); // (B, T, C)
    const attention: Tensor[] = [];
    this.model.layers.list.forEach((layer, i) => {
      const r = layer.forward(x, rope, i, opts.cache, opts.attention ?? false);
      x = r.out;
      if (r.probs) attention.push(r.probs);
    });
    opts.cache?.advance(T);
    x = this.model.norm.forward(x);
    const logits = this.lm_head ? this.lm_head.forward(x) : matmul(x, this.model.embed_tokens.weight, { transposeB: true }); // (B, T, V)
    const out: GptOutput = { logits };
    if (targets) {
      if (targets.rank !== 2 || targets.shape[0] !== B || targets.shape[1] !== T) throw new Error(`Llama.forward: targets [${targets.shape.join(', ')}] must match ids [${B}, ${T}]`);
      out.loss = crossEntropy(reshape(logits, [B * T, this.config.vocabSize]), reshape(targets, [B * T]));
    }
    if (opts.attention) out.attention = attention;
    return out;
  }

  newCache(): KvCache {
    return new KvCache(this.config.nLayer);
  }

  get parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }
}
