// The BPE token learner (Sennrich et al. 2016): pair counts over unique words, a pair → words index
// and a max-heap; a merge updates only the words it touches; count ties go to the pair seen first
// in corpus order. Leaves out BPE dropout and character coverage.
import { TokenizerError } from '../errors.ts';
import { BYTE_TO_CHAR, assertWellFormed, initialSymbols, pretokenCounts, specialTokenPattern, type Mode } from '../pretokenize.ts';
import { Tokenizer } from './segment.ts';
import { PairHeap, type PairEntry } from './pair-heap.ts';

export interface LearnProgress {
  merges: number;
  totalMerges: number;
  vocabSize: number;
  /** Characters of corpus text per token with the merges so far (compression). */
  charsPerToken: number;
  /** Set on the last report when learning stopped early because no adjacent pair was left. */
  exhausted?: boolean;
}

export interface LearnOptions {
  mode: Mode;
  /** Stop after this many merges… */
  merges?: number;
  /** …or when the vocabulary (base symbols + merges + special tokens) has this size. */
  vocabSize?: number;
  /** Kept whole: cut out of the corpus before counting, given the ids after all learned tokens. */
  specialTokens?: string[];
  onProgress?: (p: LearnProgress) => void;
  /** Report progress every this many merges (default: about every 1%). */
  progressEvery?: number;
}

const SHIFT = 2 ** 21;
const pairKey = (a: number, b: number) => a * SHIFT + b;

/**
 * Pair counts, the words each pair occurs in, and each pair's first word in corpus order. The
 * first word is kept exactly but lazily: dropping it marks the pair for a recount, done only
 * when a tie has to be broken.
 */
class PairIndex {
  readonly count = new Map<number, number>();
  readonly words = new Map<number, Set<number>>();
  private readonly first = new Map<number, number>();

  add(key: number, word: number, delta: number): void {
    this.count.set(key, (this.count.get(key) ?? 0) + delta);
    let set = this.words.get(key);
    if (!set) {
      this.words.set(key, (set = new Set()));
      this.first.set(key, word);
    } else {
      const f = this.first.get(key);
      if (f !== undefined && word < f) this.first.set(key, word);
    }
    set.add(word);
  }

  change(key: number, delta: number): void {
    this.count.set(key, (this.count.get(key) ?? 0) + delta);
  }

  remove(key: number, word: number): void {
    this.words.get(key)!.delete(word);
    if (this.first.get(key) === word) this.first.delete(key);
  }

  drop(key: number): void {
    this.count.delete(key);
    this.words.delete(key);
    this.first.delete(key);
  }

  firstWord(key: number): number {
    let f = this.first.get(key);
    if (f === undefined) {
      f = Infinity;
      for (const w of this.words.get(key) ?? []) if (w < f) f = w;
      this.first.set(key, f);
    }
    return f;
  }
}

function pairsOf(symbols: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i + 1 < symbols.length; i++) {
    const k = pairKey(symbols[i]!, symbols[i + 1]!);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function mergeInPlace(symbols: number[], a: number, b: number, c: number): number {
  let out = 0;
  let merged = 0;
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      symbols[out++] = c;
      i++;
      merged++;
    } else symbols[out++] = symbols[i]!;
  }
  symbols.length = out;
  return merged;
}

function firstPosition(symbols: number[], key: number): number {
  for (let i = 0; i + 1 < symbols.length; i++) if (pairKey(symbols[i]!, symbols[i + 1]!) === key) return i;
  return Infinity;
}

/**
 * Learns merges from a corpus: its text, or its pre-tokens with their counts (in order of first
 * occurrence, which breaks ties). Stops after `merges` merges or at `vocabSize` tokens (base
 * symbols, learned tokens and special tokens together), or earlier when no adjacent pair is left
 * (as Hugging Face `tokenizers` does): the last progress report then says `exhausted`, and the
 * tokenizer holds the merges learned.
 */
export function learnBpe(input: string | Map<string, number>, options: LearnOptions): Tokenizer {
  const { mode } = options;
  if (mode !== 'byte' && mode !== 'word') throw new TokenizerError(`mode must be "byte" or "word", got ${JSON.stringify(mode)}`);
  const specials = checkSpecials(options.specialTokens ?? []);
  const counts = corpusCounts(input, mode, specials);
  if (counts.size === 0) throw new TokenizerError('the corpus is empty: there is no text to learn merges from');

  const tokens: string[] = mode === 'byte' ? [...BYTE_TO_CHAR] : [];
  const ids = new Map(tokens.map((t, i) => [t, i]));
  const idOf = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = tokens.push(s) - 1));
    return id;
  };
  const words: number[][] = [];
  const weights: number[] = [];
  let totalChars = 0;
  let totalTokens = 0;
  for (const [piece, n] of counts) {
    const syms = initialSymbols(piece, mode).map(idOf);
    words.push(syms);
    weights.push(n);
    totalChars += piece.length * n;
    totalTokens += syms.length * n;
  }
  const base = tokens.length;
  const target = targetMerges(options, base, specials.length);
  // Two merges can make the same string (a+bc, ab+c); the vocabulary holds it once, so a
  // vocabulary-size target counts distinct tokens, not merges.
  const done = () => (options.vocabSize !== undefined ? tokens.length + specials.length >= options.vocabSize : merges.length >= target);

  const index = new PairIndex();
  words.forEach((syms, w) => {
    for (const [k, n] of pairsOf(syms)) index.add(k, w, n * weights[w]!);
  });
  const heap = new PairHeap();
  for (const [key, count] of index.count) heap.push({ key, count });

  const valid = (e: PairEntry) => e.count > 0 && index.count.get(e.key) === e.count;
  /** Where a pair first occurs now: (word, position), words in corpus order. */
  const firstOccurrence = (key: number): [number, number] => {
    const w = index.firstWord(key);
    return [w, firstPosition(words[w]!, key)];
  };

  const selectBest = (): number | undefined => {
    for (;;) {
      const top = heap.pop();
      if (!top) return undefined;
      if (!valid(top)) continue;
      const ties = new Map([[top.key, top]]);
      while (heap.peek() && heap.peek()!.count === top.count) {
        const e = heap.pop()!;
        if (valid(e)) ties.set(e.key, e);
      }
      if (ties.size === 1) return top.key;
      const ranked = [...ties.values()].map((e) => ({ e, at: firstOccurrence(e.key) }));
      ranked.sort((x, y) => x.at[0] - y.at[0] || x.at[1] - y.at[1]);
      for (const r of ranked.slice(1)) heap.push(r.e);
      return ranked[0]!.e.key;
    }
  };

  const merges: [string, string][] = [];
  const every = options.progressEvery ?? Math.max(1, Math.floor(target / 100));
  const report = (exhausted = false) =>
    options.onProgress?.({ merges: merges.length, totalMerges: target, vocabSize: tokens.length + specials.length, charsPerToken: totalChars / totalTokens, ...(exhausted ? { exhausted } : {}) });
  report();
  while (!done()) {
    const key = selectBest();
    if (key === undefined) {
      report(true);
      break;
    }
    const a = Math.floor(key / SHIFT);
    const b = key % SHIFT;
    merges.push([tokens[a]!, tokens[b]!]);
    const c = idOf(tokens[a]! + tokens[b]!);
    const changed = new Set<number>();
    for (const w of index.words.get(key)!) {
      const syms = words[w]!;
      const before = pairsOf(syms);
      totalTokens -= mergeInPlace(syms, a, b, c) * weights[w]!;
      const after = pairsOf(syms);
      for (const [k, n] of before) {
        const m = after.get(k) ?? 0;
        if (m === n) continue;
        changed.add(k);
        index.change(k, (m - n) * weights[w]!);
        if (m === 0) index.remove(k, w);
      }
      for (const [k, m] of after) {
        if (before.has(k)) continue;
        changed.add(k);
        index.add(k, w, m * weights[w]!);
      }
    }
    index.drop(key);
    for (const k of changed) {
      const count = index.count.get(k) ?? 0;
      if (count > 0) heap.push({ key: k, count });
    }
    if (merges.length % every === 0 || done()) report();
  }
  return new Tokenizer({ mode, vocab: [...tokens, ...specials], merges, specialTokens: specials });
}

function targetMerges(options: LearnOptions, base: number, specials: number): number {
  if ((options.merges === undefined) === (options.vocabSize === undefined)) {
    throw new TokenizerError('give exactly one of merges and vocabSize');
  }
  if (options.merges !== undefined) {
    if (!Number.isInteger(options.merges) || options.merges < 0) throw new TokenizerError(`merges must be a non-negative integer, got ${options.merges}`);
    return options.merges;
  }
  const v = options.vocabSize!;
  if (!Number.isInteger(v) || v < base + specials) {
    throw new TokenizerError(`vocab size ${v} is below the alphabet size ${base}${specials ? ` plus ${specials} special tokens` : ''}: it must be at least ${base + specials}`);
  }
  return v - base - specials;
}

function checkSpecials(specials: string[]): string[] {
  const seen = new Set<string>();
  for (const s of specials) {
    if (typeof s !== 'string' || s.length === 0) throw new TokenizerError(`special tokens must be non-empty strings, got ${JSON.stringify(s)}`);
    if (seen.has(s)) throw new TokenizerError(`special token ${JSON.stringify(s)} is given twice`);
    assertWellFormed(s, `special token ${JSON.stringify(s)}`);
    seen.add(s);
  }
  return specials;
}

/** Pre-token counts of the corpus, checked, with special tokens cut out. */
function corpusCounts(input: string | Map<string, number>, mode: Mode, specials: string[]): Map<string, number> {
  if (typeof input === 'string') {
    assertWellFormed(input, 'corpus');
    return pretokenCounts(input, mode, specials);
  }
  if (!(input instanceof Map)) throw new TokenizerError('the corpus must be a string or a Map of pre-token → count');
  const pattern = specialTokenPattern(specials);
  const out = new Map<string, number>();
  const add = (piece: string, n: number) => out.set(piece, (out.get(piece) ?? 0) + n);
  let i = 0;
  for (const [piece, n] of input) {
    const what = `pre-token ${i++} (${JSON.stringify(piece)})`;
    if (typeof piece !== 'string' || piece.length === 0) throw new TokenizerError(`${what} is not a non-empty string`);
    if (!Number.isSafeInteger(n) || n <= 0) throw new TokenizerError(`${what} has count ${n}: counts are positive integers`);
    assertWellFormed(piece, what);
    if (pattern && piece.search(pattern) >= 0) for (const [p, m] of pretokenCounts(piece, mode, specials)) add(p, m * n);
    else add(piece, n);
  }
  return out;
}
