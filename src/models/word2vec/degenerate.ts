// Signs that a word2vec run learned nothing useful, in words a user can act on: a vocabulary of a
// handful of words, a loss of zero (or not a number), or vectors that collapsed onto one direction
// (the frequent words all at cosine ≈ 1 to one another). Heuristics, not a quality score.
import type { Word2VecEngineResult } from './config.ts';

/** Fewer distinct words than this cannot give neighbours worth showing. */
export const MIN_USEFUL_VOCAB = 20;
/** Mean cosine between frequent words above which the vectors count as collapsed. */
export const COLLAPSED_COSINE = 0.99;

export function degenerateWarnings(r: Word2VecEngineResult, minCount: number): string[] {
  const warnings: string[] = [];
  if (r.vocabSize < MIN_USEFUL_VOCAB) {
    warnings.push(`the vocabulary has only ${r.vocabSize} word${r.vocabSize === 1 ? '' : 's'} (min-count ${minCount}): too few for useful vectors; use a larger corpus or a lower min-count`);
  }
  const last = r.lossPerEpoch.at(-1);
  if (last !== undefined && !(last > 0)) warnings.push(`the loss of the last epoch is ${last}: nothing was learned`);
  const kv = r.vectors;
  const probe = kv.words.slice(0, 20);
  if (probe.length >= 3) {
    let [sum, pairs] = [0, 0];
    for (let i = 0; i < probe.length; i++) for (let j = i + 1; j < probe.length; j++) (sum += kv.similarity(probe[i]!, probe[j]!)), pairs++;
    const mean = sum / pairs;
    if (mean > COLLAPSED_COSINE) warnings.push(`the vectors have collapsed: the ${probe.length} most frequent words are at mean cosine ${mean.toFixed(4)} to one another; train for more epochs or on more text`);
  }
  return warnings;
}
