// Attention to the examples: for the prompt's last position (where the answer is predicted), the
// attention mass each layer and head puts on each part of the prompt (each example, the
// instruction, the query), summed over the part's tokens from the model's own attention maps.
// Leaves out attribution through the residual stream (attention rollout, Abnar & Zuidema 2020).
import { FewshotError, type CausalLm } from './lm.ts';
import type { BuiltPrompt, PromptPart } from './prompt.ts';

export interface AttentionToParts {
  parts: Pick<PromptPart, 'name' | 'kind' | 'start' | 'end' | 'tokens'>[];
  layers: number;
  heads: number;
  /** mass[layer][head][part]: the share of the last position's attention on that part (sums to 1 over parts). */
  mass: number[][][];
}

export async function attentionToParts(lm: CausalLm, prompt: BuiltPrompt): Promise<AttentionToParts> {
  const { attention } = await lm.run({ ids: prompt.ids, attention: true });
  if (!attention || attention.length === 0) throw new FewshotError('this model does not return attention maps');
  const T = prompt.ids.length;
  const heads = attention[0]!.length / T;
  if (!Number.isInteger(heads)) throw new FewshotError(`attention row of ${attention[0]!.length} values does not match the prompt's ${T} tokens`);
  const mass = attention.map((layer) =>
    Array.from({ length: heads }, (_, h) =>
      prompt.parts.map((p) => {
        let m = 0;
        for (let t = p.start; t < p.end; t++) m += layer[h * T + t]!;
        return m;
      }),
    ),
  );
  const parts = prompt.parts.map(({ name, kind, start, end, tokens }) => ({ name, kind, start, end, tokens }));
  return { parts, layers: attention.length, heads, mass };
}
