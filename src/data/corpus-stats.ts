// Corpus statistics: bytes, lines, words, vocabulary and the most frequent words of a text.
// A "word" is what normalize.ts's defaults make one (a run of letters, digits and inner
// apostrophes, case-folded, punctuation dropped) — the same words word2vec trains on by default.
import { countTokens, defaultNormalize } from './normalize.ts';

export interface WordCount {
  word: string;
  count: number;
}

export interface CorpusStats {
  bytes: number;
  lines: number;
  words: number;
  uniqueWords: number;
}

/** Number of UTF-8 bytes that encode `text` (no allocation). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Lines in the text; a final line without a newline still counts, an empty text has none. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/** Case-folded word frequencies, in order of first occurrence. */
export function wordCounts(text: string): Map<string, number> {
  return countTokens(text, defaultNormalize);
}

/** The `n` most frequent words, ties broken by first occurrence. */
export function topWords(counts: Map<string, number>, n: number): WordCount[] {
  const all = [...counts].map(([word, count], order) => ({ word, count, order }));
  all.sort((a, b) => b.count - a.count || a.order - b.order);
  return all.slice(0, n).map(({ word, count }) => ({ word, count }));
}

export function corpusStats(text: string, counts: Map<string, number> = wordCounts(text)): CorpusStats {
  let words = 0;
  for (const c of counts.values()) words += c;
  return { bytes: utf8Length(text), lines: countLines(text), words, uniqueWords: counts.size };
}
