// The word2vec vocabulary and corpus as arrays (Mikolov et al. 2013; word2vec.c): whitespace
// tokens, one sentence per line, nothing else normalized; words below min-count dropped; the
// vocabulary sorted by frequency (ties: first seen first), as word2vec.c and gensim sort it; the
// corpus kept as one Int32Array of word ids with sentence start offsets.

export interface Vocab {
  words: string[];
  counts: Float64Array;
  index: Map<string, number>;
  /** Tokens in the corpus that are in the vocabulary. */
  total: number;
}

export interface Corpus {
  vocab: Vocab;
  /** Word ids of every kept token, sentence after sentence. */
  ids: Int32Array;
  /** sentences + 1 offsets into ids. */
  starts: Int32Array;
}

export class Word2VecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Word2VecError';
  }
}

const SPACE = /\s+/;

/** Builds the vocabulary and the id stream of a corpus text. */
export function readCorpus(text: string, minCount: number): Corpus {
  if (!(Number.isInteger(minCount) && minCount >= 1)) throw new Word2VecError(`min-count must be a whole number ≥ 1, got ${minCount}`);
  const lines = text.split('\n');
  const raw = new Map<string, number>();
  let tokens = 0;
  for (const line of lines) {
    for (const w of line.split(SPACE)) {
      if (!w) continue;
      raw.set(w, (raw.get(w) ?? 0) + 1);
      tokens++;
    }
  }
  if (tokens === 0) throw new Word2VecError('the corpus is empty: it has no words');
  const kept = [...raw].filter(([, c]) => c >= minCount);
  if (kept.length === 0) throw new Word2VecError(`min-count ${minCount} leaves no vocabulary: the most frequent word occurs ${Math.max(...raw.values())} times`);
  kept.sort((a, b) => b[1] - a[1]); // stable: ties keep first-seen order
  const words = kept.map(([w]) => w);
  const counts = Float64Array.from(kept, ([, c]) => c);
  const index = new Map(words.map((w, i) => [w, i]));
  const total = counts.reduce((a, b) => a + b, 0);
  const ids = new Int32Array(total);
  const starts: number[] = [0];
  let n = 0;
  for (const line of lines) {
    for (const w of line.split(SPACE)) {
      const id = w ? index.get(w) : undefined;
      if (id !== undefined) ids[n++] = id;
    }
    if (n > starts.at(-1)!) starts.push(n);
  }
  return { vocab: { words, counts, index, total }, ids, starts: Int32Array.from(starts) };
}
