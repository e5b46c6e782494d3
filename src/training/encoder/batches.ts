// Batches of encoded texts for the encoder: B examples drawn at random (distinct within a batch;
// the generator's state is the data position a checkpoint saves) or taken in order for
// evaluation, padded with [PAD] at the end to the longest in the batch; each row's length goes
// to the model, whose fused attention kernel masks the keys past it.

export interface PaddedBatch {
  ids: Int32Array; // (B, T)
  /** Tokens in each row (the rest is [PAD]); null when every row is full. */
  lengths: Int32Array | null;
  B: number;
  T: number;
}

export function padBatch(seqs: readonly Int32Array[], pad: number): PaddedBatch {
  if (seqs.length === 0) throw new Error('padBatch: no sequences');
  const B = seqs.length;
  const T = Math.max(...seqs.map((s) => s.length));
  const ids = new Int32Array(B * T).fill(pad);
  seqs.forEach((s, b) => ids.set(s, b * T));
  const padded = seqs.some((s) => s.length < T);
  return { ids, lengths: padded ? Int32Array.from(seqs, (s) => s.length) : null, B, T };
}

/** B distinct indices of 0…n−1 (all of them, shuffled, when B ≥ n). */
export function drawIndices(n: number, B: number, rng: { next(): number }): number[] {
  const take = Math.min(n, B);
  const chosen = new Set<number>();
  if (take > n / 2) {
    const all = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(rng.next() * (n - i));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return all.slice(0, take);
  }
  while (chosen.size < take) chosen.add(Math.floor(rng.next() * n));
  return [...chosen];
}

/** Consecutive chunks of at most B items. */
export function chunks<T>(items: readonly T[], B: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / B) }, (_, i) => items.slice(i * B, (i + 1) * B));
}
