// Contextual calibration (Zhao et al. 2021, "Calibrate Before Use"): the label probabilities the
// prompt gives a content-free query ("N/A", "", "[MASK]") estimate its bias (majority label,
// recency, common tokens); each prediction's label probabilities are divided by that bias and
// renormalised. Leaves out the affine (W, b) variant fitted on labelled data.
import { FewshotError } from './lm.ts';
import type { CausalLm, TextCodec } from './lm.ts';
import { buildPrompt, type BuildOptions, type PromptSpec } from './prompt.ts';
import { scoreLabels, type LabelSpec } from './scoring.ts';

/** The content-free inputs of Zhao et al. 2021. */
export const CONTENT_FREE = ['N/A', '', '[MASK]'] as const;

export interface Bias {
  /** Mean label probability (among the labels) over the content-free queries, in label order. */
  p: number[];
  /** The content-free inputs used, and those this tokenizer or context could not take. */
  inputs: string[];
  skipped: { input: string; reason: string }[];
}

/**
 * The prompt's bias: the same instruction and examples (all of them: the spec must already fit)
 * with each content-free input as the query.
 */
export async function estimateBias(
  lm: CausalLm,
  codec: TextCodec,
  spec: Omit<PromptSpec, 'query'>,
  labels: readonly LabelSpec[],
  opts: Pick<BuildOptions, 'trimQuery'> & { contentFree?: readonly string[] } = {},
): Promise<Bias> {
  const inputs = opts.contentFree ?? CONTENT_FREE;
  if (inputs.length === 0) throw new FewshotError('calibration needs at least one content-free input (e.g. "N/A")');
  const sum = new Array<number>(labels.length).fill(0);
  const used: string[] = [];
  const skipped: Bias['skipped'] = [];
  for (const input of inputs) {
    let ps: number[];
    try {
      const prompt = buildPrompt({ ...spec, query: input }, codec, { contextLength: lm.contextLength, trimQuery: opts.trimQuery });
      ps = (await scoreLabels(lm, codec, prompt, labels)).map((s) => s.p);
    } catch (err) {
      // A content-free input this tokenizer cannot encode (or that overflows) is left out, and said so.
      skipped.push({ input, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    ps.forEach((p, i) => (sum[i]! += p));
    used.push(input);
  }
  if (used.length === 0) throw new FewshotError(`none of the content-free inputs could be scored: ${skipped.map((s) => `${JSON.stringify(s.input)}: ${s.reason}`).join('; ')}`);
  return { p: sum.map((s) => s / used.length), inputs: used, skipped };
}

/** p / bias, renormalised (its argmax is that of Zhao et al.'s softmax(diag(bias)⁻¹ p)). */
export function calibrate(p: readonly number[], bias: readonly number[]): number[] {
  if (p.length !== bias.length) throw new FewshotError(`calibration: ${p.length} label probabilities but a bias over ${bias.length} labels`);
  const q = p.map((x, i) => x / Math.max(bias[i]!, 1e-30));
  const total = q.reduce((a, b) => a + b, 0);
  return q.map((x) => x / total);
}
