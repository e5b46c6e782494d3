// Using a trained encoder: the class and every class's probability for each text with the ids the
// model saw (classifyTexts), and the most probable tokens at each [MASK] (fillMask). Leaves out
// attention (attention-maps.ts) and batching across texts (one forward per text).
import { fromArray, noGrad, scope } from '../../tensor/tensor.ts';
import { softmax } from '../../tensor/ops/softmax.ts';
import type { Bert } from './bert.ts';
import type { EncoderTokenizer } from './tokenization.ts';

export interface TextClass {
  label: string;
  probs: Record<string, number>;
  ids: number[];
}

/** Runs `fn` with dropout off, restoring the model's mode after. */
export async function inEvalMode<T>(model: Bert, fn: () => Promise<T>): Promise<T> {
  const wasTraining = model.training;
  model.eval();
  try {
    return await fn();
  } finally {
    model.train(wasTraining);
  }
}

export function requireClassifier(model: Bert): string[] {
  const labels = model.config.labels;
  if (labels.length === 0) throw new Error('this model has no classification head (config.json has no id2label): train or load a classifier');
  return labels;
}

export function classifyTexts(model: Bert, tokenizer: EncoderTokenizer, texts: readonly string[], maxLength = model.config.contextLength): Promise<TextClass[]> {
  return inEvalMode(model, async () => {
    const labels = requireClassifier(model);
    const out: TextClass[] = [];
    for (const text of texts) {
      const ids = tokenizer.encode(text, Math.min(maxLength, model.config.contextLength));
      const probs = scope(() => noGrad(() => softmax(model.forward(fromArray(model.backend, ids, [1, ids.length], 'int32'), { task: 'classify' }).logits)));
      const p = (await probs.data()) as Float32Array;
      probs.dispose();
      const best = p.indexOf(Math.max(...p));
      out.push({ label: labels[best]!, probs: Object.fromEntries(labels.map((l, k) => [l, p[k]!])), ids: Array.from(ids) });
    }
    return out;
  });
}

export interface MaskFill {
  /** Position of the [MASK] among the ids ([CLS] is 0). */
  position: number;
  top: { id: number; token: string; prob: number }[];
}

/** The topK tokens the MLM head predicts at every [MASK] of the text, most probable first. */
export function fillMask(model: Bert, tokenizer: EncoderTokenizer, text: string, topK = 5): Promise<MaskFill[]> {
  return inEvalMode(model, async () => {
    const ids = tokenizer.encode(text, model.config.contextLength);
    const positions = [...ids.keys()].filter((i) => ids[i] === tokenizer.mask);
    if (positions.length === 0) throw new Error('the text has no [MASK] token to fill');
    const probs = scope(() => noGrad(() => softmax(model.forward(fromArray(model.backend, ids, [1, ids.length], 'int32'), {
      task: 'mlm', positions: fromArray(model.backend, Int32Array.from(positions), [positions.length], 'int32'),
    }).logits)));
    const V = model.config.vocabSize;
    const p = (await probs.data()) as Float32Array;
    probs.dispose();
    return positions.map((position, r) => {
      const row = p.subarray(r * V, (r + 1) * V);
      const order = [...row.keys()].sort((a, b) => row[b]! - row[a]!).slice(0, topK);
      return { position, top: order.map((id) => ({ id, token: tokenizer.tokenStrings([id])[0]!, prob: row[id]! })) };
    });
  });
}
