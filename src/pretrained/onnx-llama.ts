// Our Llama as an ONNX decoder in transformers.js's Llama layout (onnx/model.onnx beside
// config.json): inputs input_ids, attention_mask, position_ids, past_key_values.{i}.key/value
// (batch, kv heads, past, head_dim); outputs logits, present.{i}.key/value and optionally
// attentions.{i}. RMSNorm, rotary positions from position_ids (rotate-half), grouped-query
// attention (keys and values cached before repetition), SwiGLU. Leaves out rope scaling.
// Reference: transformers' modeling_llama.py; the ONNX operator docs.
import type { Tensor } from '../tensor/tensor.ts';
import type { Llama } from '../models/llama/llama.ts';
import { toHfLlamaConfig } from '../models/llama/checkpoint.ts';
import { FLOAT, FLOAT32_MIN, INT64, jsonFile, OnnxGraph, tokenizerFiles, transposeMatrix } from './onnx-graph.ts';
import type { OnnxExportOptions } from './onnx-gpt.ts';


class LlamaGraph {
  readonly g = new OnnxGraph();
  private readonly params: Map<string, Tensor>;

  constructor(private readonly model: Llama) {
    this.params = new Map(model.namedParameters());
  }

  private async data(name: string): Promise<Float32Array> {
    return (await this.params.get(name)!.data()) as Float32Array;
  }

  private async linear(x: string, prefix: string): Promise<string> {
    const t = this.params.get(`${prefix}.weight`)!;
    const [out, inp] = t.shape as [number, number];
    const y = this.g.one('MatMul', [x, this.g.weight(`${prefix}.weight`, [inp, out], transposeMatrix(await this.data(`${prefix}.weight`), out, inp))]);
    return this.params.has(`${prefix}.bias`) ? this.g.one('Add', [y, this.g.weight(`${prefix}.bias`, [out], await this.data(`${prefix}.bias`))]) : y;
  }

  /** x / √(mean(x²) + ε) ⊙ w. */
  private async rmsNorm(x: string, name: string): Promise<string> {
    const g = this.g;
    const ms = g.one('ReduceMean', [g.one('Mul', [x, x])], { axes: [-1], keepdims: 1 });
    const normed = g.one('Div', [x, g.one('Sqrt', [g.one('Add', [ms, g.scalar(this.model.config.rmsNormEps)])])]);
    const w = this.params.get(name)!;
    return g.one('Mul', [normed, g.weight(name, [...w.shape], await this.data(name))]);
  }

  /** cos and sin (B, 1, T, D) for the given positions: each half of D repeats the D/2 frequencies. */
  private rotary(positions: string): [string, string] {
    const g = this.g;
    const { headDim: D, ropeTheta } = this.model.config;
    const invFreq = g.weight('inv_freq', [D / 2], Float32Array.from({ length: D / 2 }, (_, i) => 1 / ropeTheta ** ((2 * i) / D)));
    const freqs = g.one('Mul', [g.one('Unsqueeze', [g.one('Cast', [positions], { to: FLOAT }), g.ints([2])]), invFreq]); // (B, T, D/2)
    const emb = g.one('Unsqueeze', [g.one('Concat', [freqs, freqs], { axis: -1 }), g.ints([1])]); // (B, 1, T, D)
    return [g.one('Cos', [emb]), g.one('Sin', [emb])];
  }

  /** (B, T, n·D) → (B, n, T, D), then turned by the rotary angles when given. */
  private heads(x: string, n: number, rope?: [string, string]): string {
    const g = this.g;
    const D = this.model.config.headDim;
    const h = g.one('Transpose', [g.one('Reshape', [x, g.ints([0, 0, n, D])])], { perm: [0, 2, 1, 3] });
    if (!rope) return h;
    const half = (from: number, to: number) => g.one('Slice', [h, g.ints([from]), g.ints([to]), g.ints([3])]);
    const rotated = g.one('Concat', [g.one('Neg', [half(D / 2, D)]), half(0, D / 2)], { axis: 3 });
    return g.one('Add', [g.one('Mul', [h, rope[0]]), g.one('Mul', [rotated, rope[1]])]);
  }

  /** (B, Hkv, S, D) → (B, Hkv·rep, S, D), each kv head serving rep consecutive query heads. */
  private repeat(x: string): string {
    const g = this.g;
    const { nHead: H, nKvHead: Hkv, headDim: D } = this.model.config;
    if (H === Hkv) return x;
    const shape = g.one('Shape', [x]);
    const target = g.one('Concat', [g.one('Slice', [shape, g.ints([0]), g.ints([2])]), g.ints([H / Hkv]), g.one('Slice', [shape, g.ints([2]), g.ints([4])])], { axis: 0 });
    return g.one('Reshape', [g.one('Expand', [g.one('Unsqueeze', [x, g.ints([2])]), target]), g.ints([0, H, -1, D])]);
  }

  private async attention(x: string, i: number, rope: [string, string], attentionMask: string, opts: OnnxExportOptions): Promise<string> {
    const g = this.g;
    const { nHead: H, nKvHead: Hkv, headDim: D } = this.model.config;
    const p = `model.layers.${i}.self_attn`;
    const q = this.heads(await this.linear(x, `${p}.q_proj`), H, rope);
    const k = this.heads(await this.linear(x, `${p}.k_proj`), Hkv, rope);
    const v = this.heads(await this.linear(x, `${p}.v_proj`), Hkv);
    const past = (n: string) => g.input(`past_key_values.${i}.${n}`, FLOAT, ['batch_size', Hkv, 'past_sequence_length', D]);
    const keys = g.one('Concat', [past('key'), k], { axis: 2 }, `present.${i}.key`);
    const vals = g.one('Concat', [past('value'), v], { axis: 2 }, `present.${i}.value`);
    for (const n of ['key', 'value']) g.output(`present.${i}.${n}`, FLOAT, ['batch_size', Hkv, 'total_sequence_length', D]);
    const scores = g.one('Mul', [g.one('MatMul', [q, g.one('Transpose', [this.repeat(keys)], { perm: [0, 1, 3, 2] })]), g.scalar(1 / Math.sqrt(D))]);
    const masked = g.one('Where', [g.causalMask(attentionMask, q, keys), scores, g.scalar(FLOAT32_MIN)]);
    const probs = g.one('Softmax', [masked], { axis: -1 }, opts.attentions ? `attentions.${i}` : undefined);
    if (opts.attentions) g.output(`attentions.${i}`, FLOAT, ['batch_size', H, 'sequence_length', 'total_sequence_length']);
    const merged = g.one('Reshape', [g.one('Transpose', [g.one('MatMul', [probs, this.repeat(vals)])], { perm: [0, 2, 1, 3] }), g.ints([0, 0, H * D])]);
    return this.linear(merged, `${p}.o_proj`);
  }

  private async mlp(x: string, i: number): Promise<string> {
    const g = this.g;
    const p = `model.layers.${i}.mlp`;
    const gate = await this.linear(x, `${p}.gate_proj`);
    const silu = g.one('Mul', [gate, g.one('Sigmoid', [gate])]);
    return this.linear(g.one('Mul', [silu, await this.linear(x, `${p}.up_proj`)]), `${p}.down_proj`);
  }

  async build(opts: OnnxExportOptions): Promise<Uint8Array> {
    const g = this.g;
    const c = this.model.config;
    const ids = g.input('input_ids', INT64, ['batch_size', 'sequence_length']);
    const attentionMask = g.input('attention_mask', INT64, ['batch_size', 'total_sequence_length']);
    const rope = this.rotary(g.input('position_ids', INT64, ['batch_size', 'sequence_length']));
    const embed = g.weight('model.embed_tokens.weight', [c.vocabSize, c.nEmbd], await this.data('model.embed_tokens.weight'));
    let x = g.one('Gather', [embed, ids]); // (B, T, C)
    for (let i = 0; i < c.nLayer; i++) {
      const p = `model.layers.${i}`;
      x = g.one('Add', [x, await this.attention(await this.rmsNorm(x, `${p}.input_layernorm.weight`), i, rope, attentionMask, opts)]);
      x = g.one('Add', [x, await this.mlp(await this.rmsNorm(x, `${p}.post_attention_layernorm.weight`), i)]);
    }
    x = await this.rmsNorm(x, 'model.norm.weight');
    if (c.tieWordEmbeddings) g.one('MatMul', [x, g.one('Transpose', [embed], { perm: [1, 0] })], {}, 'logits');
    else g.one('Identity', [await this.linear(x, 'lm_head')], {}, 'logits');
    g.output('logits', FLOAT, ['batch_size', 'sequence_length', c.vocabSize]);
    return g.encode(17, 'lm-workbench');
  }
}

/** onnx/model.onnx bytes for a Llama. */
export function llamaToOnnx(model: Llama, opts: OnnxExportOptions = {}): Promise<Uint8Array> {
  return new LlamaGraph(model).build(opts);
}

/** The folder transformers.js loads: onnx/model.onnx, config.json, generation_config.json, and the tokenizer when given. */
export async function llamaOnnxFolder(model: Llama, tokenizerJson: string | null, opts: OnnxExportOptions = {}): Promise<Record<string, Uint8Array>> {
  const c = model.config;
  const files: Record<string, Uint8Array> = {
    'onnx/model.onnx': await llamaToOnnx(model, opts),
    'config.json': jsonFile(toHfLlamaConfig(c)),
    'generation_config.json': jsonFile({ bos_token_id: c.bosTokenId, eos_token_id: c.eosTokenId }),
  };
  return { ...files, ...tokenizerFiles(tokenizerJson) };
}
