// A GPT decoder (Radford et al. 2018/2019) as the papers draw it: token embedding + positions,
// N blocks of masked multi-head self-attention and a 4× GELU MLP, each with a residual and a
// layer norm (pre-LN as GPT-2, or post-LN as Vaswani et al. 2017), a final layer norm, and an
// output head tied to the token embedding. Parameter names are GPT-2's Hugging Face names
// (`transformer.h.0.attn.c_attn.weight`, Conv1D (in, out) layout), so a state dict maps to a
// checkpoint one to one. Leaves out: cross-attention, rotary positions, attention dropout.
import type { Backend } from '../../tensor/backend.ts';
import { fromArray, persist, type Tensor } from '../../tensor/tensor.ts';
import { add } from '../../tensor/ops/binary.ts';
import { matmul } from '../../tensor/ops/matmul.ts';
import { reshape } from '../../tensor/ops/reshape.ts';
import { slice } from '../../tensor/ops/slice.ts';
import { gelu } from '../../tensor/ops/gelu.ts';
import { geluMlp } from '../../tensor/ops/mlp.ts';
import { gatherRows } from '../../tensor/ops/gather.ts';
import { crossEntropy } from '../../tensor/ops/cross-entropy.ts';
import { mergeHeads, scaledDotProductAttention, selfAttentionQkv, splitHeads } from '../../tensor/ops/attention.ts';
import { Module } from '../../nn/module.ts';
import { Linear } from '../../nn/linear.ts';
import { Dropout, Embedding, LayerNorm } from '../../nn/layers.ts';
import type { Rng } from '../../nn/random.ts';
import { validateGptConfig, type GptConfig } from './config.ts';
import { KvCache } from './kv-cache.ts';

export interface GptForwardOptions {
  /** Also return every layer's attention probabilities, (B, H, T, T_total) each. */
  attention?: boolean;
  /** Keys and values of earlier positions; this call appends its own and attends to all. */
  cache?: KvCache;
}

export interface GptOutput {
  logits: Tensor; // (B, T, V)
  loss?: Tensor; // scalar mean cross-entropy, when targets are given
  attention?: Tensor[]; // per layer (B, H, T, T_total)
}

const std = 0.02;

class CausalSelfAttention extends Module {
  readonly c_attn: Linear;
  readonly c_proj: Linear;

  constructor(backend: Backend, rng: Rng, private readonly cfg: GptConfig) {
    super();
    const C = cfg.nEmbd;
    this.c_attn = this.child('c_attn', new Linear(backend, rng, C, 3 * C, { bias: cfg.bias, init: { kind: 'normal', std } }));
    // GPT-2 scales the residual projections by 1/√(2N) so the stream's variance does not grow with depth.
    this.c_proj = this.child('c_proj', new Linear(backend, rng, C, C, { bias: cfg.bias, init: { kind: 'normal', std: std / Math.sqrt(2 * cfg.nLayer) } }));
  }

  // x (B, T, C) → (B, T, C); probs (B, H, T, T_total) when asked.
  forward(x: Tensor, layer: number, cache: KvCache | undefined, wantProbs: boolean): { out: Tensor; probs?: Tensor } {
    const H = this.cfg.nHead;
    const qkv = this.c_attn.forward(x); // (B, T, 3C): q, k, v with the heads side by side
    // Scores scaled by 1/√d_k; query i sees keys up to its own position (bottom-right aligned).
    if (!cache && !wantProbs) return { out: this.c_proj.forward(selfAttentionQkv(qkv, H, { causal: true })) };
    let [q, k, v] = splitHeads(qkv, H); // (B, H, T, D)
    if (cache) [k, v] = cache.append(layer, k, v); // (B, H, T_total, D)
    const { out, probs } = scaledDotProductAttention(q, k, v, { causal: true, returnProbs: wantProbs });
    return { out: this.c_proj.forward(mergeHeads(out)), probs };
  }
}

class Mlp extends Module {
  readonly c_fc: Linear;
  readonly c_proj: Linear;

  constructor(backend: Backend, rng: Rng, private readonly cfg: GptConfig) {
    super();
    const C = cfg.nEmbd;
    this.c_fc = this.child('c_fc', new Linear(backend, rng, C, 4 * C, { bias: cfg.bias, init: { kind: 'normal', std } }));
    this.c_proj = this.child('c_proj', new Linear(backend, rng, 4 * C, C, { bias: cfg.bias, init: { kind: 'normal', std: std / Math.sqrt(2 * cfg.nLayer) } }));
  }

  forward(x: Tensor): Tensor {
    // Without biases, GPT-2's GELU MLP is one fused op (the same math; see ops/mlp.ts).
    if (!this.cfg.bias && this.cfg.activation === 'gelu_new') return geluMlp(x, this.c_fc.weight, this.c_proj.weight);
    return this.c_proj.forward(gelu(this.c_fc.forward(x), this.cfg.activation === 'gelu_new' ? 'tanh' : 'none'));
  }
}

class Block extends Module {
  readonly ln_1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln_2: LayerNorm;
  readonly mlp: Mlp;
  private readonly drop: Dropout;

  constructor(backend: Backend, rng: Rng, private readonly cfg: GptConfig) {
    super();
    this.ln_1 = this.child('ln_1', new LayerNorm(backend, rng, cfg.nEmbd, cfg.layerNormEpsilon));
    this.attn = this.child('attn', new CausalSelfAttention(backend, rng, cfg));
    this.ln_2 = this.child('ln_2', new LayerNorm(backend, rng, cfg.nEmbd, cfg.layerNormEpsilon));
    this.mlp = this.child('mlp', new Mlp(backend, rng, cfg));
    this.drop = this.child('drop', new Dropout(cfg.dropout, rng));
  }

  forward(x: Tensor, layer: number, cache: KvCache | undefined, wantProbs: boolean): { out: Tensor; probs?: Tensor } {
    if (this.cfg.lnPlacement === 'pre') {
      const a = this.attn.forward(this.ln_1.forward(x), layer, cache, wantProbs);
      const h = add(x, this.drop.forward(a.out)); // x + Attention(LN(x))
      return { out: add(h, this.drop.forward(this.mlp.forward(this.ln_2.forward(h)))), probs: a.probs };
    }
    const a = this.attn.forward(x, layer, cache, wantProbs);
    const h = this.ln_1.forward(add(x, this.drop.forward(a.out))); // LN(x + Attention(x))
    return { out: this.ln_2.forward(add(h, this.drop.forward(this.mlp.forward(h)))), probs: a.probs };
  }
}

class Blocks extends Module {
  readonly list: Block[];

  constructor(backend: Backend, rng: Rng, cfg: GptConfig) {
    super();
    this.list = Array.from({ length: cfg.nLayer }, (_, i) => this.child(String(i), new Block(backend, rng, cfg)));
  }
}

/** PE(pos, 2i) = sin(pos / 10000^(2i/C)), PE(pos, 2i+1) = cos(…) (Vaswani et al. 2017, §3.5). */
export function sinusoidalTable(length: number, dim: number): Float32Array {
  const pe = new Float32Array(length * dim);
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; i < dim; i += 2) {
      const angle = pos / 10000 ** (i / dim);
      pe[pos * dim + i] = Math.sin(angle);
      pe[pos * dim + i + 1] = Math.cos(angle);
    }
  }
  return pe;
}

class Transformer extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding | null;
  readonly h: Blocks;
  readonly ln_f: LayerNorm;

  constructor(backend: Backend, rng: Rng, cfg: GptConfig) {
    super();
    this.wte = this.child('wte', new Embedding(backend, rng, cfg.vocabSize, cfg.nEmbd, { kind: 'normal', std }));
    this.wpe = cfg.positions === 'learned' ? this.child('wpe', new Embedding(backend, rng, cfg.contextLength, cfg.nEmbd, { kind: 'normal', std: 0.01 })) : null;
    this.h = this.child('h', new Blocks(backend, rng, cfg));
    this.ln_f = this.child('ln_f', new LayerNorm(backend, rng, cfg.nEmbd, cfg.layerNormEpsilon));
  }
}

export class GPT extends Module {
  readonly config: GptConfig;
  readonly transformer: Transformer;
  readonly backend: Backend;
  private readonly drop: Dropout;
  /** Position ids 0 … contextLength−1 (int32), sliced per call. */
  private readonly positionIds: Tensor;
  /** The fixed sinusoidal table (contextLength, C), or null with learned positions. */
  private readonly sinusoid: Tensor | null;

  constructor(config: GptConfig, backend: Backend, rng: Rng) {
    super();
    this.config = validateGptConfig(config);
    this.backend = backend;
    this.transformer = this.child('transformer', new Transformer(backend, rng, config));
    this.drop = this.child('drop', new Dropout(config.dropout, rng));
    const T = config.contextLength;
    this.positionIds = persist(fromArray(backend, Int32Array.from({ length: T }, (_, i) => i), [T], 'int32'));
    this.sinusoid = config.positions === 'sinusoidal' ? persist(fromArray(backend, sinusoidalTable(T, config.nEmbd), [T, config.nEmbd])) : null;
  }

  /** The position table as GPT-2 stores it: learned wpe, or the sinusoidal table. */
  positionTable(): Tensor {
    return this.transformer.wpe?.weight ?? this.sinusoid!;
  }

  // ids (B, T) int32, targets (B, T) int32 → logits (B, T, V), loss, attention.
  forward(ids: Tensor, targets?: Tensor, opts: GptForwardOptions = {}): GptOutput {
    if (ids.rank !== 2 || ids.dtype !== 'int32') throw new Error(`GPT.forward: ids must be int32 (B, T), got ${ids.dtype} [${ids.shape.join(', ')}]`);
    const [B, T] = ids.shape as [number, number];
    const offset = opts.cache?.length ?? 0;
    if (offset + T > this.config.contextLength) {
      throw new Error(`GPT.forward: ${offset + T} positions exceed the context length ${this.config.contextLength}`);
    }
    const C = this.config.nEmbd;
    const tr = this.transformer;
    const pos = this.transformer.wpe ? tr.wpe!.forward(slice(this.positionIds, [offset], [T])) : slice(this.sinusoid!, [offset, 0], [T, C]); // (T, C)
    let x = this.drop.forward(add(tr.wte.forward(ids), pos)); // (B, T, C)
    const attention: Tensor[] = [];
    tr.h.list.forEach((block, layer) => {
      const r = block.forward(x, layer, opts.cache, opts.attention ?? false);
      x = r.out;
      if (r.probs) attention.push(r.probs);
    });
    opts.cache?.advance(T);
    if (this.config.lnPlacement === 'pre') x = tr.ln_f.forward(x); // post-LN blocks already end in a norm
    const logits = matmul(x, tr.wte.weight, { transposeB: true }); // (B, T, V), head tied to wte
    const out: GptOutput = { logits };
    if (targets) {
      if (targets.rank !== 2 || targets.shape[0] !== B || targets.shape[1] !== T) throw new Error(`GPT.forward: targets [${targets.shape.join(', ')}] must match ids [${B}, ${T}]`);
      out.loss = crossEntropy(reshape(logits, [B * T, this.config.vocabSize]), reshape(targets, [B * T]));
    }
    if (opts.attention) out.attention = attention;
    return out;
  }

  /** An empty cache for this model, for batch size B. */
  newCache(): KvCache {
    return new KvCache(this.config.nLayer);
  }

  /** Parameter count (the tied head counted once). */
  get parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    this.positionIds.dispose();
    this.sinusoid?.dispose();
  }
}
