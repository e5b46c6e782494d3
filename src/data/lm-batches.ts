// Language-model data as arrays: a token stream split into training and validation parts (the
// last share of the stream is validation, so no window straddles both), random training windows
// drawn from a seeded generator (its state is the "data position" a checkpoint saves), and
// fixed, evenly spaced validation windows so every evaluation sees the same text.
import type { Rng } from '../nn/random.ts';

export interface LmSplit {
  train: Int32Array;
  val: Int32Array;
}

export function splitTokens(ids: Int32Array, valFraction: number, contextLength: number): LmSplit {
  if (!(valFraction > 0 && valFraction < 1)) throw new Error(`the validation fraction must be in (0, 1), got ${valFraction}`);
  const nVal = Math.floor(ids.length * valFraction);
  const need = contextLength + 1;
  if (ids.length - nVal < need || nVal < need) {
    throw new Error(`the corpus has ${ids.length} tokens: too few for a context of ${contextLength} with ${Math.round(valFraction * 100)} % held out (each part needs at least ${need} tokens)`);
  }
  return { train: ids.subarray(0, ids.length - nVal), val: ids.subarray(ids.length - nVal) };
}

/** B windows of T+1 tokens at random offsets: inputs (B·T) and targets shifted by one. */
export function randomWindows(data: Int32Array, B: number, T: number, rng: Rng): { x: Int32Array; y: Int32Array } {
  const x = new Int32Array(B * T);
  const y = new Int32Array(B * T);
  const span = data.length - T; // offsets 0 … len−T−1 leave room for the shifted target
  for (let b = 0; b < B; b++) {
    const off = Math.floor(rng.next() * span);
    x.set(data.subarray(off, off + T), b * T);
    y.set(data.subarray(off + 1, off + T + 1), b * T);
  }
  return { x, y };
}

/** `count` batches of B windows spread evenly over the data (the same on every call). */
export function fixedWindows(data: Int32Array, B: number, T: number, count: number): { x: Int32Array; y: Int32Array }[] {
  const total = B * count;
  const span = data.length - T - 1;
  return Array.from({ length: count }, (_, c) => {
    const x = new Int32Array(B * T);
    const y = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const off = total === 1 ? 0 : Math.round(((c * B + b) * span) / (total - 1));
      x.set(data.subarray(off, off + T), b * T);
      y.set(data.subarray(off + 1, off + T + 1), b * T);
    }
    return { x, y };
  });
}
