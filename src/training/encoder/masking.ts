// Masked-LM inputs (Devlin et al. 2019, §3.1): of each sequence's ordinary tokens ([CLS], [SEP]
// and [PAD] are never chosen) a share is chosen for prediction — at least one — and of those 80 %
// become [MASK], 10 % a random ordinary token and 10 % stay; the loss is taken only at the chosen
// positions. A new draw every time a sequence is seen (the caller's generator advances).
import type { Rng } from '../../nn/random.ts';

export interface MlmBatch {
  /** The corrupted ids (B·T). */
  input: Int32Array;
  /** Flat positions b·T + t that are predicted, increasing. */
  positions: Int32Array;
  /** The original id at each predicted position. */
  labels: Int32Array;
}

export interface MaskTokens {
  mask: number;
  /** Ids a random replacement draws from (not special). */
  ordinaryIds: Int32Array;
  /** Ids that are never chosen ([CLS], [SEP], [PAD], …). */
  isSpecial(id: number): boolean;
}

/** ids (B·T) → corrupted input, positions and labels, `fraction` of each row's ordinary tokens chosen. */
export function maskForMlm(ids: Int32Array, T: number, fraction: number, tokens: MaskTokens, rng: Rng): MlmBatch {
  const input = Int32Array.from(ids);
  const positions: number[] = [];
  for (let row = 0; row * T < ids.length; row++) {
    const candidates: number[] = [];
    for (let t = 0; t < T; t++) if (!tokens.isSpecial(ids[row * T + t]!)) candidates.push(row * T + t);
    const n = Math.min(candidates.length, Math.max(1, Math.round(fraction * candidates.length)));
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rng.next() * (candidates.length - i)); // partial Fisher–Yates
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
      positions.push(candidates[i]!);
    }
  }
  positions.sort((a, b) => a - b);
  for (const p of positions) {
    const r = rng.next();
    if (r < 0.8) input[p] = tokens.mask;
    else if (r < 0.9) input[p] = tokens.ordinaryIds[Math.floor(rng.next() * tokens.ordinaryIds.length)]!;
  }
  return { input, positions: Int32Array.from(positions), labels: Int32Array.from(positions, (p) => ids[p]!) };
}
