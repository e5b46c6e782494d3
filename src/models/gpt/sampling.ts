// Choosing the next token from logits: temperature (0 = greedy argmax), top-k (keep the k most
// likely), top-p / nucleus (keep the smallest set whose probability reaches p; Holtzman et al.
// 2020), then a draw from the seeded generator. Plain loops over one row of logits.
import type { Rng } from '../../nn/random.ts';

export interface SamplingOptions {
  /** 0 picks the most likely token; higher flattens the distribution. Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or absent: all). */
  topK?: number;
  /** Keep the most likely tokens up to cumulative probability p (1 or absent: all). */
  topP?: number;
}

export function checkSamplingOptions(o: SamplingOptions): void {
  const t = o.temperature ?? 1;
  if (!(t >= 0) || !Number.isFinite(t)) throw new Error(`temperature must be ≥ 0, got ${t}`);
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 0)) throw new Error(`top-k must be a whole number ≥ 0, got ${o.topK}`);
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) throw new Error(`top-p must be in (0, 1], got ${o.topP}`);
}

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/** The next token id from one row of logits. */
export function pickToken(logits: Float32Array, o: SamplingOptions, rng: Rng): number {
  const t = o.temperature ?? 1;
  if (t === 0) return argmax(logits);
  const order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!);
  const k = o.topK && o.topK > 0 ? Math.min(o.topK, order.length) : order.length;
  const top = order.slice(0, k);
  const maxLogit = logits[top[0]!]!;
  const weights = top.map((id) => Math.exp((logits[id]! - maxLogit) / t));
  const total = weights.reduce((a, b) => a + b, 0);
  let keep = top.length;
  if (o.topP !== undefined && o.topP < 1) {
    let cum = 0;
    keep = 0;
    while (keep < top.length && cum < o.topP * total) cum += weights[keep++]!;
  }
  const mass = weights.slice(0, keep).reduce((a, b) => a + b, 0);
  let r = rng.next() * mass;
  for (let i = 0; i < keep; i++) {
    r -= weights[i]!;
    if (r < 0) return top[i]!;
  }
  return top[keep - 1]!;
}
