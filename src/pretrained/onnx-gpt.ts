// Our GPT as an ONNX decoder in transformers.js's folder layout (onnx/model.onnx beside
// config.json): inputs input_ids, attention_mask, position_ids and past_key_values.{i}.key/value
// (batch, heads, past, head_dim); outputs logits and present.{i}.key/value, so transformers.js's
// generate() runs it with its KV cache; optional attentions.{i} (batch, heads, query, key).
// Pre- and post-LN, learned or sinusoidal positions, with or without biases, GELU exact or tanh.
// Leaves out Llama and BERT graphs. Reference: transformers' GPT-2 and the ONNX operator docs.
import type { Tensor } from '../tensor/tensor.ts';
import type { GPT } from '../models/gpt/gpt.ts';
import { toHfConfig } from '../models/gpt/config.ts';
import { FLOAT, FLOAT32_MIN, FloatAttr, INT64, jsonFile, OnnxGraph, tokenizerFiles } from './onnx-graph.ts';

export interface OnnxExportOptions {
  /** Also output every layer's attention probabilities as attentions.{i}. */
  attentions?: boolean;
}

const OPSET = 17;

async function values(t: Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

class GptGraph {
  readonly g = new OnnxGraph();
  private readonly params: Map<string, Tensor>;

  constructor(private readonly model: GPT) {
    this.params = new Map(model.namedParameters());
  }

  private async w(name: string): Promise<string> {
    const t = this.params.get(name)!;
    return this.g.weight(name, [...t.shape], await values(t));
  }

  private async linear(x: string, prefix: string): Promise<string> {
    const y = this.g.one('MatMul', [x, await this.w(`${prefix}.weight`)]);
    return this.model.config.bias ? this.g.one('Add', [y, await this.w(`${prefix}.bias`)]) : y;
  }

  private async norm(x: string, prefix: string): Promise<string> {
    const eps = new FloatAttr(this.model.config.layerNormEpsilon);
    return this.g.one('LayerNormalization', [x, await this.w(`${prefix}.weight`), await this.w(`${prefix}.bias`)], { axis: -1, epsilon: eps });
  }

  private gelu(x: string): string {
    const g = this.g;
    const half = g.one('Mul', [x, g.scalar(0.5)]);
    const inner = this.model.config.activation === 'gelu_new'
      ? g.one('Tanh', [g.one('Mul', [g.one('Add', [x, g.one('Mul', [g.one('Mul', [g.one('Mul', [x, x]), x]), g.scalar(0.044715)])]), g.scalar(Math.sqrt(2 / Math.PI))])])
      : g.one('Erf', [g.one('Mul', [x, g.scalar(Math.SQRT1_2)])]);
    return g.one('Mul', [half, g.one('Add', [inner, g.scalar(1)])]); // x/2 · (1 + tanh(…)) or x/2 · (1 + erf(x/√2))
  }

  /** (B, T, C) → (B, H, T, D). */
  private heads(x: string): string {
    const { nHead: H, nEmbd: C } = this.model.config;
    return this.g.one('Transpose', [this.g.one('Reshape', [x, this.g.ints([0, 0, H, C / H])])], { perm: [0, 2, 1, 3] });
  }

  private async attention(x: string, i: number, attentionMask: string, opts: OnnxExportOptions): Promise<string> {
    const g = this.g;
    const { nHead: H, nEmbd: C } = this.model.config;
    const p = `transformer.h.${i}.attn`;
    const [q, k, v] = g.op('Split', [await this.linear(x, `${p}.c_attn`), g.ints([C, C, C])], { axis: 2 }, 3).map((t) => this.heads(t)) as [string, string, string];
    const keys = g.one('Concat', [g.input(`past_key_values.${i}.key`, FLOAT, ['batch_size', H, 'past_sequence_length', C / H]), k], { axis: 2 }, `present.${i}.key`);
    const vals = g.one('Concat', [g.input(`past_key_values.${i}.value`, FLOAT, ['batch_size', H, 'past_sequence_length', C / H]), v], { axis: 2 }, `present.${i}.value`);
    for (const n of ['key', 'value']) g.output(`present.${i}.${n}`, FLOAT, ['batch_size', H, 'total_sequence_length', C / H]);
    const scores = g.one('Mul', [g.one('MatMul', [q, g.one('Transpose', [keys], { perm: [0, 1, 3, 2] })]), g.scalar(1 / Math.sqrt(C / H))]);
    const masked = g.one('Where', [g.causalMask(attentionMask, q, keys), scores, g.scalar(FLOAT32_MIN)]);
    const probs = g.one('Softmax', [masked], { axis: -1 }, opts.attentions ? `attentions.${i}` : undefined);
    if (opts.attentions) g.output(`attentions.${i}`, FLOAT, ['batch_size', H, 'sequence_length', 'total_sequence_length']);
    const merged = g.one('Reshape', [g.one('Transpose', [g.one('MatMul', [probs, vals])], { perm: [0, 2, 1, 3] }), g.ints([0, 0, C])]);
    return this.linear(merged, `${p}.c_proj`);
  }

  private async mlp(x: string, i: number): Promise<string> {
    return this.linear(this.gelu(await this.linear(x, `transformer.h.${i}.mlp.c_fc`)), `transformer.h.${i}.mlp.c_proj`);
  }

  async build(opts: OnnxExportOptions): Promise<Uint8Array> {
    const g = this.g;
    const c = this.model.config;
    const ids = g.input('input_ids', INT64, ['batch_size', 'sequence_length']);
    const attentionMask = g.input('attention_mask', INT64, ['batch_size', 'total_sequence_length']);
    const positions = g.input('position_ids', INT64, ['batch_size', 'sequence_length']);
    const wte = await this.w('transformer.wte.weight');
    const wpe = g.weight('transformer.wpe.weight', [c.contextLength, c.nEmbd], await values(this.model.positionTable()));
    let x = g.one('Add', [g.one('Gather', [wte, ids]), g.one('Gather', [wpe, positions])]); // (B, T, C)
    for (let i = 0; i < c.nLayer; i++) {
      const p = `transformer.h.${i}`;
      if (c.lnPlacement === 'pre') {
        x = g.one('Add', [x, await this.attention(await this.norm(x, `${p}.ln_1`), i, attentionMask, opts)]);
        x = g.one('Add', [x, await this.mlp(await this.norm(x, `${p}.ln_2`), i)]);
      } else {
        x = await this.norm(g.one('Add', [x, await this.attention(x, i, attentionMask, opts)]), `${p}.ln_1`);
        x = await this.norm(g.one('Add', [x, await this.mlp(x, i)]), `${p}.ln_2`);
      }
    }
    if (c.lnPlacement === 'pre') x = await this.norm(x, 'transformer.ln_f');
    g.one('MatMul', [x, g.one('Transpose', [wte], { perm: [1, 0] })], {}, 'logits'); // head tied to wte
    g.output('logits', FLOAT, ['batch_size', 'sequence_length', c.vocabSize]);
    return g.encode(OPSET, 'lm-workbench');
  }
}

/** onnx/model.onnx bytes for a GPT. */
export function gptToOnnx(model: GPT, opts: OnnxExportOptions = {}): Promise<Uint8Array> {
  return new GptGraph(model).build(opts);
}

/** The folder transformers.js loads: onnx/model.onnx, config.json, generation_config.json, and the tokenizer when given. */
export async function gptOnnxFolder(model: GPT, tokenizerJson: string | null, opts: OnnxExportOptions = {}): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {
    'onnx/model.onnx': await gptToOnnx(model, opts),
    'config.json': jsonFile(toHfConfig(model.config)),
    'generation_config.json': jsonFile({ bos_token_id: null, eos_token_id: null }),
  };
  return { ...files, ...tokenizerFiles(tokenizerJson) };
}
