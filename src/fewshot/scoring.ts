// What the model predicts after a prompt: the next-token distribution (top k) and, for a labelled
// task, each label's verbaliser scored by the sum of its tokens' log-probabilities (the label's
// tokens fed one after another); the predicted label is the best. Leaves out length normalisation.
// Reference: Brown et al. 2020, §2.4 (multiple-choice by comparing completion likelihoods).
import { ContextOverflow, FewshotError, tokenLabels, type CausalLm, type TextCodec } from './lm.ts';
import type { BuiltPrompt } from './prompt.ts';

export interface LabelSpec {
  /** What the label is called (in the corpus, in reports). */
  name: string;
  /** The text the model should continue the prompt with for this label. */
  verbaliser: string;
}

export interface NextToken {
  id: number;
  token: string;
  p: number;
}

export interface LabelScore {
  name: string;
  verbaliser: string;
  /** The verbaliser's tokens after the prompt (with the prompt's answer lead). */
  ids: number[];
  /** log p of each of those tokens given the prompt and the tokens before it. */
  tokenLogprobs: number[];
  logprob: number;
  /** Probability among the labels: softmax of the summed log-probabilities. */
  p: number;
}

/** log-softmax of one row, in double precision. */
export function logSoftmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]!);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(row, (x) => x - lse);
}

/** Softmax over a few log-scores (the labels'). */
export function normalise(logs: readonly number[]): number[] {
  const max = Math.max(...logs);
  const e = logs.map((l) => Math.exp(l - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

/** Label specs from verbalisers alone (`--labels a,b`) or a name → verbaliser map. */
export function labelSpecs(labels: readonly string[] | Readonly<Record<string, string>>): LabelSpec[] {
  const specs = Array.isArray(labels) ? labels.map((v) => ({ name: v, verbaliser: v })) : Object.entries(labels).map(([name, verbaliser]) => ({ name, verbaliser }));
  if (specs.length === 0) throw new FewshotError('no labels: name at least two label words to score');
  const seen = new Set<string>();
  for (const s of specs) {
    if (typeof s.verbaliser !== 'string' || s.verbaliser.length === 0) throw new FewshotError(`label "${s.name}" has an empty verbaliser: give the word the model should answer with`);
    if (seen.has(s.name)) throw new FewshotError(`label "${s.name}" is named twice`);
    seen.add(s.name);
  }
  return specs;
}

/** The top `k` next tokens after the prompt, most likely first. */
export async function nextTokens(lm: CausalLm, codec: TextCodec, ids: readonly number[], k = 10): Promise<NextToken[]> {
  const { logits } = await lm.run({ ids });
  return topTokens(codec, logits, k);
}

export function topTokens(codec: TextCodec, logits: Float32Array, k: number): NextToken[] {
  if (!(Number.isInteger(k) && k >= 1)) throw new FewshotError(`top-k must be a positive integer, got ${k}`);
  const lp = logSoftmax(logits);
  const order = Array.from(lp.keys()).sort((a, b) => lp[b]! - lp[a]!).slice(0, k);
  const labels = tokenLabels(codec, order);
  return order.map((id, i) => ({ id, token: labels[i]!, p: Math.exp(lp[id]!) }));
}

/** The prompt's text ids (without a begin-of-text token). */
const textIds = (prompt: BuiltPrompt, codec: TextCodec) => (codec.beginOfText != null ? prompt.ids.slice(1) : prompt.ids);

/** The ids a verbaliser adds after the prompt, tokenized together with it. */
export function verbaliserIds(codec: TextCodec, prompt: BuiltPrompt, label: LabelSpec): number[] {
  const before = textIds(prompt, codec);
  const all = Array.from(codec.encode(prompt.text + prompt.answerLead + label.verbaliser));
  const merged = before.findIndex((id, i) => all[i] !== id);
  if (merged >= 0) {
    throw new FewshotError(
      `label "${label.name}" (${JSON.stringify(label.verbaliser)}) merges with the end of the prompt into other tokens: ` +
        'start the verbaliser with a space or end the template before {output} with a separator',
    );
  }
  const ids = all.slice(before.length);
  if (ids.length === 0) throw new FewshotError(`label "${label.name}" (${JSON.stringify(label.verbaliser)}) tokenizes to nothing after the prompt`);
  return ids;
}

/** Every label's summed log-probability after the prompt, and its share among the labels. */
export async function scoreLabels(lm: CausalLm, codec: TextCodec, prompt: BuiltPrompt, labels: readonly LabelSpec[]): Promise<LabelScore[]> {
  const tokens = labels.map((l) => verbaliserIds(codec, prompt, l));
  const keys = new Map<string, string>();
  tokens.forEach((ids, i) => {
    const other = keys.get(ids.join(','));
    if (other !== undefined) throw new FewshotError(`labels "${other}" and "${labels[i]!.name}" are the same tokens: the model cannot tell them apart`);
    keys.set(ids.join(','), labels[i]!.name);
  });
  let last: Float64Array | null = null; // the distribution after the prompt, shared by one-token labels
  const tokenLogprobs: number[][] = [];
  for (const ids of tokens) {
    if (prompt.ids.length + ids.length - 1 > lm.contextLength) {
      throw new ContextOverflow(`the prompt (${prompt.ids.length} tokens) and a ${ids.length}-token label do not fit the context length ${lm.contextLength}`);
    }
    if (ids.length === 1) {
      last ??= logSoftmax((await lm.run({ ids: prompt.ids })).logits);
      tokenLogprobs.push([last[ids[0]!]!]);
      continue;
    }
    const { logits } = await lm.run({ ids: [...prompt.ids, ...ids.slice(0, -1)], rows: ids.length });
    const V = lm.vocabSize;
    tokenLogprobs.push(ids.map((id, t) => logSoftmax(logits.subarray(t * V, (t + 1) * V))[id]!));
  }
  const sums = tokenLogprobs.map((l) => l.reduce((a, b) => a + b, 0));
  const ps = normalise(sums);
  return labels.map((l, i) => ({ name: l.name, verbaliser: l.verbaliser, ids: tokens[i]!, tokenLogprobs: tokenLogprobs[i]!, logprob: sums[i]!, p: ps[i]! }));
}

/** Index of the best score. */
export function best(scores: readonly number[]): number {
  let b = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[b]!) b = i;
  return b;
}
