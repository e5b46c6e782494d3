// One word-level normalisation for every tool that counts words (corpus statistics, word2vec):
// a word is a maximal run of letters and digits with inner apostrophes; case folded on request;
// punctuation dropped, split off as its own token, or kept glued; digits optionally folded to 0.
// Lines stay lines (word2vec reads one sentence per line). Reference: Jurafsky & Martin, ch. 2.

export type Punctuation = 'drop' | 'split' | 'keep';

export interface NormalizeOptions {
  lowercase: boolean;
  punctuation: Punctuation;
  /** Every digit becomes 0, so 1961 and 1962 are one word (0000). */
  foldNumbers: boolean;
}

/** What word2vec and the Corpora page use unless told otherwise. */
export const defaultNormalize: NormalizeOptions = { lowercase: true, punctuation: 'drop', foldNumbers: false };

/** No change at all: whitespace tokens as they stand (word2vec.c's own reading). */
export const noNormalize: NormalizeOptions = { lowercase: false, punctuation: 'keep', foldNumbers: false };

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
const WORD_OR_MARK = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

/** The tokens of one line under `o`. */
export function lineTokens(line: string, o: NormalizeOptions): string[] {
  let tokens: string[];
  if (o.punctuation === 'keep') tokens = line.split(/\s+/).filter((w) => w.length > 0);
  else tokens = line.match(o.punctuation === 'drop' ? WORD : WORD_OR_MARK) ?? [];
  if (o.lowercase) tokens = tokens.map((t) => t.toLowerCase());
  if (o.foldNumbers) tokens = tokens.map((t) => t.replace(/\p{Nd}/gu, '0'));
  return tokens;
}

/** The text with each line's tokens joined by single spaces; lines that end up empty are left out. */
export function normalizeText(text: string, o: NormalizeOptions): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const tokens = lineTokens(line, o);
    if (tokens.length > 0) out.push(tokens.join(' '));
  }
  return out.join('\n');
}

/** Words and how often each occurs, in order of first occurrence. */
export function countTokens(text: string, o: NormalizeOptions): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) for (const t of lineTokens(line, o)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Refuses a combination that makes no sense, naming it. */
export function checkNormalize(o: NormalizeOptions): NormalizeOptions {
  if (!['drop', 'split', 'keep'].includes(o.punctuation)) throw new Error(`punctuation must be drop, split or keep, got ${JSON.stringify(o.punctuation)}`);
  if (typeof o.lowercase !== 'boolean' || typeof o.foldNumbers !== 'boolean') throw new Error('lowercase and foldNumbers must be true or false');
  return o;
}
