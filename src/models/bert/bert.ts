// A BERT encoder (Devlin et al. 2019): token + learned position + segment embeddings, layer norm,
// dropout; N post-LN blocks of bidirectional multi-head self-attention (padded keys masked,
// scores scaled by 1/√d_k) and a GELU MLP; a pooler (dense + tanh on [CLS]); an MLM head (dense,
// GELU, layer norm, decoder tied to the token embedding, plus a bias) and a classification head
// (dropout + linear on the pooled output). Parameter names and (out, in) Linear layouts are
// Hugging Face's BertForMaskedLM / BertForSequenceClassification. Leaves out attention dropout.
import type { Backend } from '../../tensor/backend.ts';
import { fromArray, persist, type Tensor } from '../../tensor/tensor.ts';
import { add, div, mul, mulScalar } from '../../tensor/ops/binary.ts';
import { matmul } from '../../tensor/ops/matmul.ts';
import { reshape } from '../../tensor/ops/reshape.ts';
import { concat, slice } from '../../tensor/ops/slice.ts';
import { gelu } from '../../tensor/ops/gelu.ts';
import { tanh } from '../../tensor/ops/unary.ts';
import { sum } from '../../tensor/ops/reduce.ts';
import { logSoftmax } from '../../tensor/ops/softmax.ts';
import { gatherRows } from '../../tensor/ops/gather.ts';
import { crossEntropy } from '../../tensor/ops/cross-entropy.ts';
import { Module } from '../../nn/module.ts';
import { Linear } from '../../nn/linear.ts';
import { Dropout, Embedding, LayerNorm } from '../../nn/layers.ts';
import { multiHeadSelfAttention } from '../../nn/self-attention.ts';
import type { Rng } from '../../nn/random.ts';
import { validateBertConfig, type BertConfig } from './config.ts';

export interface BertForwardOptions {
  /** (B, T) int32, nonzero at padding positions: no query attends to them (HF's attention_mask inverted). */
  paddingMask?: Tensor;
  /** Padding at the end instead: row b holds lengths[b] tokens (the fused attention kernel stays in use). */
  lengths?: ArrayLike<number>;
  /** (B, T) int32 segment ids (0 for every token when absent). */
  tokenTypeIds?: Tensor;
  /** 'classify' (needs labels in the config) or 'mlm'; by default classify when the config has labels. */
  task?: 'mlm' | 'classify';
  /** mlm: the flat positions b·T + t to predict (N) int32; logits are then (N, V) instead of (B, T, V). */
  positions?: Tensor;
  /** mlm: (N) or (B, T) int32 token ids, −100 = no loss; classify: (B) int32 class ids. */
  labels?: Tensor;
  /** classify: (K) float32 weight per class: loss = Σ w_y·CE / Σ w_y (PyTorch's weighted mean). */
  classWeights?: Tensor;
  /** Also return every layer's attention probabilities, (B, H, T, T) each. */
  attention?: boolean;
}

export interface BertOutput {
  logits: Tensor; // classify (B, K); mlm (B, T, V) or (N, V)
  loss?: Tensor;
  attention?: Tensor[];
}

const init = { kind: 'normal', std: 0.02 } as const;
const dense = (backend: Backend, rng: Rng, inF: number, outF: number) => new Linear(backend, rng, inF, outF, { layout: 'out,in', init });

class SelfAttention extends Module {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;

  constructor(backend: Backend, rng: Rng, C: number) {
    super();
    this.query = this.child('query', dense(backend, rng, C, C));
    this.key = this.child('key', dense(backend, rng, C, C));
    this.value = this.child('value', dense(backend, rng, C, C));
  }

  /** q|k|v (B, T, 3C) in one product: the three (out, in) weights stacked. */
  qkv(x: Tensor): Tensor {
    const w = concat([this.query.weight, this.key.weight, this.value.weight], 0); // (3C, C)
    const b = concat([this.query.bias!, this.key.bias!, this.value.bias!], 0); // (3C)
    return add(matmul(x, w, { transposeB: true }), b);
  }
}

/** dense → dropout → LayerNorm(· + residual): HF's BertSelfOutput and BertOutput. */
class AddNorm extends Module {
  readonly dense: Linear;
  readonly LayerNorm: LayerNorm;
  private readonly drop: Dropout;

  constructor(backend: Backend, rng: Rng, inF: number, cfg: BertConfig) {
    super();
    this.dense = this.child('dense', dense(backend, rng, inF, cfg.nEmbd));
    this.LayerNorm = this.child('LayerNorm', new LayerNorm(backend, rng, cfg.nEmbd, cfg.layerNormEpsilon));
    this.drop = this.child('drop', new Dropout(cfg.dropout, rng));
  }

  forward(h: Tensor, residual: Tensor): Tensor {
    return this.LayerNorm.forward(add(this.drop.forward(this.dense.forward(h)), residual));
  }
}

class Attention extends Module {
  readonly self: SelfAttention;
  readonly output: AddNorm;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.self = this.child('self', new SelfAttention(backend, rng, cfg.nEmbd));
    this.output = this.child('output', new AddNorm(backend, rng, cfg.nEmbd, cfg));
  }
}

class Intermediate extends Module {
  readonly dense: Linear;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.dense = this.child('dense', dense(backend, rng, cfg.nEmbd, cfg.intermediateSize));
  }
}

class Layer extends Module {
  readonly attention: Attention;
  readonly intermediate: Intermediate;
  readonly output: AddNorm;

  constructor(backend: Backend, rng: Rng, private readonly cfg: BertConfig) {
    super();
    this.attention = this.child('attention', new Attention(backend, rng, cfg));
    this.intermediate = this.child('intermediate', new Intermediate(backend, rng, cfg));
    this.output = this.child('output', new AddNorm(backend, rng, cfg.intermediateSize, cfg));
  }

  // x (B, T, C), mask (B, 1, 1, T) or key lengths (B) → (B, T, C): h = LN(x + Attn(x)); LN(h + MLP(h)).
  forward(x: Tensor, mask: Tensor | undefined, lengths: ArrayLike<number> | undefined, wantProbs: boolean): { out: Tensor; probs?: Tensor } {
    const a = multiHeadSelfAttention(this.attention.self.qkv(x), this.cfg.nHead, { paddingMask: mask, keyLengths: lengths, wantProbs });
    const h = this.attention.output.forward(a.out, x);
    return { out: this.output.forward(gelu(this.intermediate.dense.forward(h), 'none'), h), probs: a.probs };
  }
}

class Layers extends Module {
  readonly list: Layer[];

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.list = Array.from({ length: cfg.nLayer }, (_, i) => this.child(String(i), new Layer(backend, rng, cfg)));
  }
}

class Encoder extends Module {
  readonly layer: Layers;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.layer = this.child('layer', new Layers(backend, rng, cfg));
  }
}

export class Embeddings extends Module {
  readonly word_embeddings: Embedding;
  readonly position_embeddings: Embedding;
  readonly token_type_embeddings: Embedding;
  readonly LayerNorm: LayerNorm;
  private readonly drop: Dropout;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.word_embeddings = this.child('word_embeddings', new Embedding(backend, rng, cfg.vocabSize, cfg.nEmbd, init));
    this.position_embeddings = this.child('position_embeddings', new Embedding(backend, rng, cfg.contextLength, cfg.nEmbd, init));
    this.token_type_embeddings = this.child('token_type_embeddings', new Embedding(backend, rng, cfg.typeVocabSize, cfg.nEmbd, init));
    this.LayerNorm = this.child('LayerNorm', new LayerNorm(backend, rng, cfg.nEmbd, cfg.layerNormEpsilon));
    this.drop = this.child('drop', new Dropout(cfg.dropout, rng));
  }

  // ids, types (B, T), positions (T) → (B, T, C)
  forward(ids: Tensor, types: Tensor, positions: Tensor): Tensor {
    const x = add(add(this.word_embeddings.forward(ids), this.token_type_embeddings.forward(types)), this.position_embeddings.forward(positions));
    return this.drop.forward(this.LayerNorm.forward(x));
  }
}

class Pooler extends Module {
  readonly dense: Linear;

  constructor(backend: Backend, rng: Rng, C: number) {
    super();
    this.dense = this.child('dense', dense(backend, rng, C, C));
  }
}

export class BertBody extends Module {
  readonly embeddings: Embeddings;
  readonly encoder: Encoder;
  readonly pooler: Pooler;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.embeddings = this.child('embeddings', new Embeddings(backend, rng, cfg));
    this.encoder = this.child('encoder', new Encoder(backend, rng, cfg));
    this.pooler = this.child('pooler', new Pooler(backend, rng, cfg.nEmbd));
  }
}

class Transform extends Module {
  readonly dense: Linear;
  readonly LayerNorm: LayerNorm;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.dense = this.child('dense', dense(backend, rng, cfg.nEmbd, cfg.nEmbd));
    this.LayerNorm = this.child('LayerNorm', new LayerNorm(backend, rng, cfg.nEmbd, cfg.layerNormEpsilon));
  }
}

class Predictions extends Module {
  readonly transform: Transform;
  readonly bias: Tensor;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.transform = this.child('transform', new Transform(backend, rng, cfg));
    this.bias = this.param('bias', backend, [cfg.vocabSize], { kind: 'zeros' }, rng);
  }
}

class MlmHead extends Module {
  readonly predictions: Predictions;

  constructor(backend: Backend, rng: Rng, cfg: BertConfig) {
    super();
    this.predictions = this.child('predictions', new Predictions(backend, rng, cfg));
  }
}

export class Bert extends Module {
  readonly config: BertConfig;
  readonly backend: Backend;
  readonly bert: BertBody;
  readonly cls: MlmHead;
  readonly classifier: Linear | null;
  private readonly classifierDrop: Dropout;
  /** Position ids 0 … contextLength−1 (int32), sliced per call. */
  private readonly positionIds: Tensor;

  constructor(config: BertConfig, backend: Backend, rng: Rng) {
    super();
    this.config = validateBertConfig(config);
    this.backend = backend;
    this.bert = this.child('bert', new BertBody(backend, rng, config));
    this.cls = this.child('cls', new MlmHead(backend, rng, config));
    this.classifier = config.labels.length > 0 ? this.child('classifier', dense(backend, rng, config.nEmbd, config.labels.length)) : null;
    this.classifierDrop = this.child('classifier_drop', new Dropout(config.classifierDropout, rng));
    const T = config.contextLength;
    this.positionIds = persist(fromArray(backend, Int32Array.from({ length: T }, (_, i) => i), [T], 'int32'));
  }

  /** The final hidden states (B, T, C) and, when asked, every layer's attention probabilities. */
  encode(ids: Tensor, opts: BertForwardOptions = {}): { hidden: Tensor; attention: Tensor[] } {
    if (ids.rank !== 2 || ids.dtype !== 'int32') throw new Error(`Bert.forward: ids must be int32 (B, T), got ${ids.dtype} [${ids.shape.join(', ')}]`);
    const [B, T] = ids.shape as [number, number];
    if (T > this.config.contextLength) throw new Error(`Bert.forward: ${T} positions exceed the context length ${this.config.contextLength}`);
    for (const [name, t] of [['paddingMask', opts.paddingMask], ['tokenTypeIds', opts.tokenTypeIds]] as const) {
      if (t && (t.dtype !== 'int32' || t.rank !== 2 || t.shape[0] !== B || t.shape[1] !== T)) throw new Error(`Bert.forward: ${name} must be int32 [${B}, ${T}] like the ids, got ${t.dtype} [${t.shape.join(', ')}]`);
    }
    const types = opts.tokenTypeIds ?? fromArray(this.backend, new Int32Array(B * T), [B, T], 'int32');
    let x = this.bert.embeddings.forward(ids, types, slice(this.positionIds, [0], [T])); // (B, T, C)
    const mask = opts.paddingMask ? reshape(opts.paddingMask, [B, 1, 1, T]) : undefined;
    const attention: Tensor[] = [];
    for (const layer of this.bert.encoder.layer.list) {
      const r = layer.forward(x, mask, opts.lengths, opts.attention ?? false);
      x = r.out;
      if (r.probs) attention.push(r.probs);
    }
    return { hidden: x, attention };
  }

  /** tanh(dense(h[:, 0])): the pooled [CLS] vector (B, C). */
  pool(hidden: Tensor): Tensor {
    const [B, , C] = hidden.shape as [number, number, number];
    return tanh(this.bert.pooler.dense.forward(reshape(slice(hidden, [0, 0, 0], [B, 1, C]), [B, C])));
  }

  // ids (B, T) int32 → logits (classify (B, K); mlm (B, T, V) or (N, V)), loss, attention.
  forward(ids: Tensor, opts: BertForwardOptions = {}): BertOutput {
    const task = opts.task ?? (this.classifier ? 'classify' : 'mlm');
    const { hidden, attention } = this.encode(ids, opts);
    const out = task === 'classify' ? this.classify(hidden, opts) : this.maskedLm(hidden, opts);
    if (opts.attention) out.attention = attention;
    return out;
  }

  private classify(hidden: Tensor, opts: BertForwardOptions): BertOutput {
    if (!this.classifier) throw new Error('Bert.forward: this model has no classification head (its config has no labels)');
    const B = hidden.shape[0]!;
    const K = this.config.labels.length;
    const logits = this.classifier.forward(this.classifierDrop.forward(this.pool(hidden))); // (B, K)
    if (!opts.labels) return { logits };
    if (opts.labels.dtype !== 'int32' || opts.labels.rank !== 1 || opts.labels.shape[0] !== B) throw new Error(`Bert.forward: classification labels must be int32 [${B}]`);
    if (!opts.classWeights) return { logits, loss: crossEntropy(logits, opts.labels) };
    if (opts.classWeights.rank !== 1 || opts.classWeights.shape[0] !== K) throw new Error(`Bert.forward: classWeights must be [${K}], got [${opts.classWeights.shape.join(', ')}]`);
    const w = gatherRows(reshape(opts.classWeights, [K, 1]), opts.labels); // (B, 1): each example's class weight
    const identity = fromArray(this.backend, Float32Array.from({ length: K * K }, (_, i) => (i % (K + 1) === 0 ? 1 : 0)), [K, K]);
    const picked = mul(mul(logSoftmax(logits), gatherRows(identity, opts.labels)), w); // w_i·log p_i(y_i) in row i
    return { logits, loss: div(sum(picked), mulScalar(sum(w), -1)) };
  }

  private maskedLm(hidden: Tensor, opts: BertForwardOptions): BertOutput {
    const { nEmbd: C, vocabSize: V } = this.config;
    const p = this.cls.predictions;
    const rows = opts.positions ? gatherRows(reshape(hidden, [hidden.shape[0]! * hidden.shape[1]!, C]), opts.positions) : hidden; // (N, C) or (B, T, C)
    const h = p.transform.LayerNorm.forward(gelu(p.transform.dense.forward(rows), 'none')); // exact (erf) GELU, as BERT
    const logits = add(matmul(h, this.bert.embeddings.word_embeddings.weight, { transposeB: true }), p.bias); // decoder tied to the token embedding
    if (!opts.labels) return { logits };
    const n = logits.size / V;
    if (opts.labels.dtype !== 'int32' || opts.labels.size !== n) throw new Error(`Bert.forward: MLM labels must be int32 with one id per predicted position (${n})`);
    return { logits, loss: crossEntropy(reshape(logits, [n, V]), reshape(opts.labels, [n])) };
  }

  get parameterCount(): number {
    return this.parameters().reduce((n, t) => n + t.size, 0);
  }

  dispose(): void {
    for (const t of this.parameters()) t.dispose();
    this.positionIds.dispose();
  }
}
