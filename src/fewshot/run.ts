// One few-shot run, as `lmw fewshot` and the Few-shot page ask for it: the prompt built and
// counted per part, the top next tokens, the label scores (before and after calibration), the
// continuation up to the separator and, on request, the attention to each part. Leaves out
// sweeps (sweep.ts). Reference: Brown et al. 2020; Zhao et al. 2021.
import { FewshotError, throwIfStopped, type CausalLm, type StopSignal, type TextCodec } from './lm.ts';
import { buildPrompt, type BuildOptions, type PromptSpec } from './prompt.ts';
import { best, scoreLabels, topTokens, type LabelSpec, type NextToken } from './scoring.ts';
import { calibrate, estimateBias } from './calibration.ts';
import { continuePrompt } from './generate.ts';
import { attentionToParts, type AttentionToParts } from './attention.ts';
import type { SamplingOptions } from '../models/gpt/sampling.ts';

export interface FewshotRequest extends PromptSpec {
  /** Label verbalisers to score (none: no classification). */
  labels?: readonly LabelSpec[];
  /** How many next tokens to list (default 10). */
  topK?: number;
  /** The continuation's sampling (default greedy, 32 new tokens; maxNewTokens 0 skips it). */
  generate?: SamplingOptions & { maxNewTokens?: number; seed?: number };
  /** Also score the labels with contextual calibration (default false; needs labels). */
  calibrate?: boolean;
  contentFree?: readonly string[];
  /** Also compute the last position's attention to each part (default false). */
  attention?: boolean;
  overflow?: BuildOptions['overflow'];
  trimQuery?: boolean;
  signal?: StopSignal;
}

export interface LabelResult {
  logprob: number;
  p: number;
  /** Label tokens (more than one: their log-probabilities summed). */
  tokens: number;
  /** p after dividing out the content-free bias, when calibrated. */
  calibratedP?: number;
}

export interface FewshotResult {
  /** The ids the model saw. */
  promptIds: number[];
  promptText: string;
  parts: { name: string; kind: string; tokens: number; start: number; end: number }[];
  contextLength: number;
  /** Indices (from 0) of the examples dropped to fit the context. */
  dropped: number[];
  next: NextToken[];
  labels?: Record<string, LabelResult>;
  predicted?: string;
  calibration?: { bias: Record<string, number>; contentFree: string[]; skipped: { input: string; reason: string }[]; predicted: string };
  continuation: string;
  attention?: AttentionToParts;
}

/** Tokens of the longest label, tokenized alone (at least 1): its last token needs no room. */
const labelTokens = (codec: TextCodec, labels: readonly LabelSpec[] | undefined) => Math.max(1, ...(labels ?? []).map((l) => codec.encode(l.verbaliser).length));

export async function runFewshot(lm: CausalLm, codec: TextCodec, req: FewshotRequest): Promise<FewshotResult> {
  const trimQuery = req.trimQuery ?? true;
  if (req.calibrate && !req.labels?.length) throw new FewshotError('calibration needs labels: name the label words to score');
  const reserve = Math.min(labelTokens(codec, req.labels), lm.contextLength) - 1;
  const prompt = buildPrompt(req, codec, { contextLength: lm.contextLength, reserve, overflow: req.overflow, trimQuery });
  throwIfStopped(req.signal);
  const { logits } = await lm.run({ ids: prompt.ids });
  const out: FewshotResult = {
    promptIds: prompt.ids,
    promptText: prompt.text,
    parts: prompt.parts.map(({ name, kind, tokens, start, end }) => ({ name, kind, tokens, start, end })),
    contextLength: lm.contextLength,
    dropped: prompt.dropped,
    next: topTokens(codec, logits, req.topK ?? 10),
    continuation: '',
  };
  if (req.labels && req.labels.length > 0) {
    const scores = await scoreLabels(lm, codec, prompt, req.labels);
    out.labels = Object.fromEntries(scores.map((s) => [s.name, { logprob: s.logprob, p: s.p, tokens: s.ids.length }]));
    out.predicted = scores[best(scores.map((s) => s.p))]!.name;
    if (req.calibrate) {
      const kept = { ...req, examples: prompt.kept.map((i) => req.examples[i]!) };
      const bias = await estimateBias(lm, codec, kept, req.labels, { contentFree: req.contentFree, trimQuery });
      const q = calibrate(scores.map((s) => s.p), bias.p);
      scores.forEach((s, i) => (out.labels![s.name]!.calibratedP = q[i]!));
      out.calibration = {
        bias: Object.fromEntries(scores.map((s, i) => [s.name, bias.p[i]!])),
        contentFree: bias.inputs,
        skipped: bias.skipped,
        predicted: scores[best(q)]!.name,
      };
    }
  }
  const gen = req.generate ?? {};
  const maxNewTokens = gen.maxNewTokens ?? 32;
  if (maxNewTokens > 0) {
    throwIfStopped(req.signal);
    const c = await continuePrompt(lm, codec, prompt.ids, { temperature: 0, ...gen, maxNewTokens, stop: req.separator ?? '\n', signal: req.signal });
    out.continuation = c.text;
  }
  if (req.attention) out.attention = await attentionToParts(lm, prompt);
  return out;
}
