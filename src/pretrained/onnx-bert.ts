// The workbench's Bert (src/models/bert) as an ONNX encoder in transformers.js's layout: inputs
// input_ids, attention_mask, token_type_ids (batch, sequence); output logits — the MLM head's
// (batch, sequence, vocab), or the classifier's (batch, labels) when the config has labels — and
// optionally attentions.{i}. Positions are 0 … T−1, made in the graph. Leaves out a
// last_hidden_state output. Reference: transformers' modeling_bert.py; the ONNX operator docs.
import type { Tensor } from '../tensor/tensor.ts';
import type { Bert } from '../models/bert/bert.ts';
import { toHfBertConfig } from '../models/bert/config.ts';
import { BOOL, FLOAT, FLOAT32_MIN, FloatAttr, INT64, jsonFile, OnnxGraph, tokenizerFiles, transposeMatrix } from './onnx-graph.ts';
import type { OnnxExportOptions } from './onnx-gpt.ts';


class BertGraph {
  readonly g = new OnnxGraph();
  private readonly params: Map<string, Tensor>;

  constructor(private readonly model: Bert) {
    this.params = new Map(model.namedParameters());
  }

  private async w(name: string): Promise<string> {
    const t = this.params.get(name)!;
    return this.g.weight(name, [...t.shape], (await t.data()) as Float32Array);
  }

  /** x·Wᵀ + b for HF's (out, in) weight, stored transposed. */
  private async dense(x: string, prefix: string): Promise<string> {
    const t = this.params.get(`${prefix}.weight`)!;
    const [out, inp] = t.shape as [number, number];
    const wT = this.g.weight(`${prefix}.weight`, [inp, out], transposeMatrix((await t.data()) as Float32Array, out, inp));
    return this.g.one('Add', [this.g.one('MatMul', [x, wT]), await this.w(`${prefix}.bias`)]);
  }

  private async norm(x: string, prefix: string): Promise<string> {
    const eps = new FloatAttr(this.model.config.layerNormEpsilon);
    return this.g.one('LayerNormalization', [x, await this.w(`${prefix}.weight`), await this.w(`${prefix}.bias`)], { axis: -1, epsilon: eps });
  }

  /** x/2 · (1 + erf(x/√2)). */
  private gelu(x: string): string {
    const g = this.g;
    return g.one('Mul', [g.one('Mul', [x, g.scalar(0.5)]), g.one('Add', [g.one('Erf', [g.one('Mul', [x, g.scalar(Math.SQRT1_2)])]), g.scalar(1)])]);
  }

  private heads(x: string): string {
    const { nHead: H, nEmbd: C } = this.model.config;
    return this.g.one('Transpose', [this.g.one('Reshape', [x, this.g.ints([0, 0, H, C / H])])], { perm: [0, 2, 1, 3] });
  }

  private async layer(x: string, i: number, allowed: string, opts: OnnxExportOptions): Promise<string> {
    const g = this.g;
    const { nHead: H, nEmbd: C } = this.model.config;
    const p = `bert.encoder.layer.${i}`;
    const [q, k, v] = await Promise.all(['query', 'key', 'value'].map(async (n) => this.heads(await this.dense(x, `${p}.attention.self.${n}`))));
    const scores = g.one('Mul', [g.one('MatMul', [q!, g.one('Transpose', [k!], { perm: [0, 1, 3, 2] })]), g.scalar(1 / Math.sqrt(C / H))]);
    const probs = g.one('Softmax', [g.one('Where', [allowed, scores, g.scalar(FLOAT32_MIN)])], { axis: -1 }, opts.attentions ? `attentions.${i}` : undefined);
    if (opts.attentions) g.output(`attentions.${i}`, FLOAT, ['batch_size', H, 'sequence_length', 'sequence_length']);
    const context = g.one('Reshape', [g.one('Transpose', [g.one('MatMul', [probs, v!])], { perm: [0, 2, 1, 3] }), g.ints([0, 0, C])]);
    const h = await this.norm(g.one('Add', [await this.dense(context, `${p}.attention.output.dense`), x]), `${p}.attention.output.LayerNorm`);
    const m = await this.dense(this.gelu(await this.dense(h, `${p}.intermediate.dense`)), `${p}.output.dense`);
    return this.norm(g.one('Add', [m, h]), `${p}.output.LayerNorm`);
  }

  async build(opts: OnnxExportOptions): Promise<Uint8Array> {
    const g = this.g;
    const c = this.model.config;
    const ids = g.input('input_ids', INT64, ['batch_size', 'sequence_length']);
    const mask = g.input('attention_mask', INT64, ['batch_size', 'sequence_length']);
    const types = g.input('token_type_ids', INT64, ['batch_size', 'sequence_length']);
    const T = g.one('Squeeze', [g.one('Slice', [g.one('Shape', [ids]), g.ints([1]), g.ints([2])]), g.ints([0])]);
    const positions = g.one('Range', [g.int64Scalar(0), T, g.int64Scalar(1)]); // (T)
    const word = await this.w('bert.embeddings.word_embeddings.weight');
    const e = 'bert.embeddings';
    const sum = g.one('Add', [
      g.one('Add', [g.one('Gather', [word, ids]), g.one('Gather', [await this.w(`${e}.token_type_embeddings.weight`), types])]),
      g.one('Gather', [await this.w(`${e}.position_embeddings.weight`), positions]),
    ]);
    let x = await this.norm(sum, `${e}.LayerNorm`); // (B, T, C)
    const allowed = g.one('Unsqueeze', [g.one('Cast', [mask], { to: BOOL }), g.ints([1, 2])]); // (B, 1, 1, T), bool
    for (let i = 0; i < c.nLayer; i++) x = await this.layer(x, i, allowed, opts);
    if (c.labels.length > 0) {
      const cls = g.one('Squeeze', [g.one('Slice', [x, g.ints([0]), g.ints([1]), g.ints([1])]), g.ints([1])]); // (B, C)
      const pooled = g.one('Tanh', [await this.dense(cls, 'bert.pooler.dense')]);
      g.one('Identity', [await this.dense(pooled, 'classifier')], {}, 'logits');
      g.output('logits', FLOAT, ['batch_size', c.labels.length]);
    } else {
      const h = await this.norm(this.gelu(await this.dense(x, 'cls.predictions.transform.dense')), 'cls.predictions.transform.LayerNorm');
      const logits = g.one('MatMul', [h, g.one('Transpose', [word], { perm: [1, 0] })]); // decoder tied to the word embeddings
      g.one('Add', [logits, await this.w('cls.predictions.bias')], {}, 'logits');
      g.output('logits', FLOAT, ['batch_size', 'sequence_length', c.vocabSize]);
    }
    return g.encode(17, 'lm-workbench');
  }
}

/** onnx/model.onnx bytes for a Bert: MLM logits, or classification logits when it has labels. */
export function bertToOnnx(model: Bert, opts: OnnxExportOptions = {}): Promise<Uint8Array> {
  return new BertGraph(model).build(opts);
}

/** The folder transformers.js loads (AutoModelForMaskedLM / AutoModelForSequenceClassification). */
export async function bertOnnxFolder(model: Bert, tokenizerJson: string | null, opts: OnnxExportOptions = {}): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = { 'onnx/model.onnx': await bertToOnnx(model, opts), 'config.json': jsonFile(toHfBertConfig(model.config)) };
  return { ...files, ...tokenizerFiles(tokenizerJson) };
}
