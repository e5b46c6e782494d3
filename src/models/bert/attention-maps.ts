// An encoder's attention on one text: every layer's and head's bidirectional map (no causal mask;
// the Attention page) and the [CLS] row of each (the Classifier page's try-it box, with the class
// probabilities). Leaves out padding: one text, its own length. Reference: ../gpt/attention-maps.ts.
import { fromArray, noGrad, scope, type Tensor } from '../../tensor/tensor.ts';
import { softmax } from '../../tensor/ops/softmax.ts';
import type { Bert } from './bert.ts';
import type { EncoderTokenizer } from './tokenization.ts';
import { inEvalMode, requireClassifier, type TextClass } from './inference.ts';

export interface EncoderAttention {
  tokens: string[];
  layers: number;
  heads: number;
  /** maps[layer][head]: T × T row-major probabilities. */
  maps: Float32Array[][];
}

async function readMaps(attention: Tensor[]): Promise<Float32Array[][]> {
  const out: Float32Array[][] = [];
  for (const a of attention) {
    const [, H, T] = a.shape as [number, number, number, number];
    const v = (await a.data()) as Float32Array;
    out.push(Array.from({ length: H }, (_, h) => v.slice(h * T * T, (h + 1) * T * T)));
  }
  return out;
}

export function encoderAttention(model: Bert, tokenizer: EncoderTokenizer, text: string): Promise<EncoderAttention> {
  return inEvalMode(model, async () => {
    const ids = tokenizer.encode(text, model.config.contextLength);
    const attention = scope(() => noGrad(() => model.encode(fromArray(model.backend, ids, [1, ids.length], 'int32'), { attention: true }).attention));
    try {
      return { tokens: tokenizer.tokenStrings(ids), layers: model.config.nLayer, heads: model.config.nHead, maps: await readMaps(attention) };
    } finally {
      attention.forEach((a) => a.dispose());
    }
  });
}

export interface ClassWithAttention extends TextClass {
  tokens: string[];
  /** cls[layer][head][token]: how much [CLS] attends to each token. */
  cls: number[][][];
}

/** One text's class probabilities and the [CLS] row of every layer's and head's attention. */
export function classifyWithAttention(model: Bert, tokenizer: EncoderTokenizer, text: string): Promise<ClassWithAttention> {
  return inEvalMode(model, async () => {
    const labels = requireClassifier(model);
    const ids = tokenizer.encode(text, model.config.contextLength);
    const out = scope(() => noGrad(() => {
      const r = model.forward(fromArray(model.backend, ids, [1, ids.length], 'int32'), { task: 'classify', attention: true });
      return { probs: softmax(r.logits), attention: r.attention! };
    }));
    try {
      const p = (await out.probs.data()) as Float32Array;
      const T = ids.length;
      const maps = await readMaps(out.attention);
      const best = p.indexOf(Math.max(...p));
      return {
        label: labels[best]!, probs: Object.fromEntries(labels.map((l, k) => [l, p[k]!])), ids: Array.from(ids),
        tokens: tokenizer.tokenStrings(ids), cls: maps.map((layer) => layer.map((m) => Array.from(m.subarray(0, T)))),
      };
    } finally {
      out.probs.dispose();
      out.attention.forEach((a) => a.dispose());
    }
  });
}
