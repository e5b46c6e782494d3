// Building a few-shot prompt: instruction, k filled examples and the query joined by a separator,
// tokenized as one text (as the model saw text in training), with each token assigned to the part
// it starts in, checked against the context length; examples are dropped from the first on when asked.
// Leaves out chat templates. Reference: Brown et al. 2020, §2 (zero-, one- and few-shot prompts).
import { ContextOverflow, FewshotError, type TextCodec } from './lm.ts';
import { fillExample, fillQuery, parseTemplate, type Example } from './template.ts';

export interface PromptSpec {
  /** A task description put first (empty or absent: none). */
  instruction?: string;
  template: string;
  examples: readonly Example[];
  query: string;
  /** Put after the instruction and after each example (default "\n"). */
  separator?: string;
}

export interface BuildOptions {
  contextLength: number;
  /** Tokens kept free after the prompt for the answer (label tokens, new tokens). Default 0. */
  reserve?: number;
  /** When the prompt does not fit: 'refuse' (default) throws; 'drop' drops examples from the first on. */
  overflow?: 'refuse' | 'drop';
  /** Move whitespace before `{output}` from the query into the answer (default true). */
  trimQuery?: boolean;
}

export interface PromptPart {
  /** 'start' (begin-of-text token), 'instruction', 'example 3' (its index in the spec, from 1), 'query'. */
  name: string;
  kind: 'start' | 'instruction' | 'example' | 'query';
  /** The part's text, with the separator that follows it. */
  text: string;
  /** Index into the spec's examples, for kind 'example'. */
  example?: number;
  /** Token range [start, end) in the prompt's ids. */
  start: number;
  end: number;
  tokens: number;
}

export interface BuiltPrompt {
  text: string;
  ids: number[];
  parts: PromptPart[];
  /** Whitespace moved from the query to the answer (see trimQuery); labels are scored after it. */
  answerLead: string;
  /** Indices of the spec's examples left out to fit, and of those kept, in prompt order. */
  dropped: number[];
  kept: number[];
  contextLength: number;
  reserve: number;
}

type Piece = Omit<PromptPart, 'start' | 'end' | 'tokens'>;

function pieces(spec: PromptSpec, kept: readonly number[], trim: boolean): { list: Piece[]; lead: string } {
  const template = parseTemplate(spec.template);
  const sep = spec.separator ?? '\n';
  const list: Piece[] = [];
  if (spec.instruction) list.push({ name: 'instruction', kind: 'instruction', text: spec.instruction + sep });
  for (const i of kept) list.push({ name: `example ${i + 1}`, kind: 'example', example: i, text: fillExample(template, spec.examples[i]!) + sep });
  const q = fillQuery(template, spec.query, trim);
  list.push({ name: 'query', kind: 'query', text: q.text });
  return { list, lead: q.lead };
}

/** Characters of text that the first n ids decode to. */
const decodedLength = (codec: TextCodec, ids: readonly number[], n: number) => codec.decode(ids.slice(0, n)).length;

/** The first token starting at or after character `c` (binary search over decoded prefixes). */
function firstTokenAt(codec: TextCodec, ids: readonly number[], c: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (decodedLength(codec, ids, mid) >= c) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function encodeParts(codec: TextCodec, list: Piece[]): { text: string; ids: number[]; parts: PromptPart[] } {
  const text = list.map((p) => p.text).join('');
  const textIds = Array.from(codec.encode(text));
  const bos = codec.beginOfText ?? null;
  const parts: PromptPart[] = [];
  let char = 0;
  const starts = list.map((p) => {
    const at = firstTokenAt(codec, textIds, char);
    char += p.text.length;
    return at;
  });
  list.forEach((p, i) => {
    const start = i === 0 ? 0 : starts[i]!;
    const end = i + 1 < list.length ? starts[i + 1]! : textIds.length;
    parts.push({ ...p, start, end, tokens: end - start });
  });
  if (bos === null) return { text, ids: textIds, parts };
  const shifted = parts.map((p) => ({ ...p, start: p.start + 1, end: p.end + 1 }));
  return { text, ids: [bos, ...textIds], parts: [{ name: 'start', kind: 'start', text: '', start: 0, end: 1, tokens: 1 }, ...shifted] };
}

const partCounts = (parts: PromptPart[]) => {
  const ex = parts.filter((p) => p.kind === 'example');
  const rest = parts.filter((p) => p.kind !== 'example').map((p) => `${p.name} ${p.tokens}`);
  if (ex.length) rest.splice(rest.length - 1, 0, `${ex.length} examples ${ex.reduce((n, p) => n + p.tokens, 0)}`);
  return rest.join(', ');
};

export function buildPrompt(spec: PromptSpec, codec: TextCodec, opts: BuildOptions): BuiltPrompt {
  const { contextLength } = opts;
  const reserve = opts.reserve ?? 0;
  if (!(Number.isInteger(contextLength) && contextLength > 0)) throw new FewshotError(`context length must be a positive integer, got ${contextLength}`);
  if (!(Number.isInteger(reserve) && reserve >= 0)) throw new FewshotError(`reserve must be a whole number ≥ 0, got ${reserve}`);
  if (typeof spec.query !== 'string') throw new FewshotError('the query must be a string');
  if (!Array.isArray(spec.examples)) throw new FewshotError('the examples must be a list of { input, output }');
  spec.examples.forEach((e, i) => {
    if (typeof e?.input !== 'string' || typeof e?.output !== 'string') throw new FewshotError(`example ${i + 1} needs a text input and output`);
  });
  const trim = opts.trimQuery ?? true;
  let kept = spec.examples.map((_, i) => i);
  const dropped: number[] = [];
  for (;;) {
    const { list, lead } = pieces(spec, kept, trim);
    const built = encodeParts(codec, list);
    if (built.ids.length === 0) throw new FewshotError('the prompt is empty: give an instruction, examples or a query for the model to continue');
    const excess = built.ids.length + reserve - contextLength;
    if (excess <= 0) return { ...built, answerLead: lead, dropped, kept, contextLength, reserve };
    const examples = built.parts.filter((p) => p.kind === 'example');
    if (opts.overflow !== 'drop' || examples.length === 0) {
      const what = examples.length === 0 && opts.overflow === 'drop' ? 'even with every example dropped, ' : '';
      throw new ContextOverflow(
        `${what}the prompt needs ${built.ids.length} tokens (${partCounts(built.parts)})${reserve ? ` + ${reserve} kept for the answer` : ''}, ` +
          `over the context length ${contextLength} by ${excess}` + (examples.length ? ': use fewer or shorter examples, or let the lab drop some' : ''),
      );
    }
    // Drop from the front (farthest from the query) enough examples to cover the excess; then re-check.
    let freed = 0;
    let n = 0;
    while (n < examples.length - 1 && freed < excess) freed += examples[n++]!.tokens;
    n = Math.max(n, 1);
    dropped.push(...kept.slice(0, n));
    kept = kept.slice(n);
  }
}
