// A few-shot template: text with an `{input}` and an `{output}` slot ("Poor English input:
// {input}\nGood English output: {output}"), filled for each example; the query is the template
// cut just before `{output}`. Leaves out other slots: any other braces are plain text.
// Reference: Brown et al. 2020, fig. 2.1 (the prompt formats of GPT-3's few-shot tasks).
import { FewshotError } from './lm.ts';

export interface Example {
  input: string;
  output: string;
}

export interface Template {
  readonly text: string;
  /** Text before `{input}`, between the slots, and after `{output}`. */
  readonly head: string;
  readonly middle: string;
  readonly tail: string;
}

const INPUT = '{input}';
const OUTPUT = '{output}';

function slotAt(text: string, slot: string, example: string): number {
  const at = text.indexOf(slot);
  if (at < 0) throw new FewshotError(`the template has no ${slot} slot: write where each example's ${slot.slice(1, -1)} goes, e.g. ${JSON.stringify(example)}`);
  if (text.indexOf(slot, at + 1) >= 0) throw new FewshotError(`the template has ${slot} more than once: each slot must appear exactly once`);
  return at;
}

export function parseTemplate(text: string): Template {
  if (typeof text !== 'string') throw new FewshotError('the template must be a string');
  const example = 'Input: {input}\nOutput: {output}';
  const i = slotAt(text, INPUT, example);
  const o = slotAt(text, OUTPUT, example);
  if (o < i) throw new FewshotError('the template has {output} before {input}: the model reads the input first and predicts the output after it');
  return { text, head: text.slice(0, i), middle: text.slice(i + INPUT.length, o), tail: text.slice(o + OUTPUT.length) };
}

/** A demonstration: the template with both slots filled. */
export function fillExample(t: Template, e: Example): string {
  return t.head + e.input + t.middle + e.output + t.tail;
}

/**
 * The query: the template up to `{output}`. With `trim`, whitespace right before the slot moves
 * to the answer (`lead`), so a BPE model predicts " word" as it saw in training, not a lone space.
 */
export function fillQuery(t: Template, input: string, trim: boolean): { text: string; lead: string } {
  const text = t.head + input + t.middle;
  if (!trim) return { text, lead: '' };
  const kept = text.trimEnd();
  return { text: kept, lead: text.slice(kept.length) };
}
