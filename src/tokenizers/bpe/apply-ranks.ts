// Rank-based BPE on one pre-token's symbol ids: merge the lowest-ranked adjacent pair present
// (leftmost among equals) until none is left — what replaying the merges in learned order gives.
// Short pieces use a plain scan; long ones a linked list and a min-heap, O(n log n) not O(n²).

/** A merge as the segmenter looks it up by its pair: its rank (learned order) and the id it makes. */
export interface RankedMerge {
  rank: number;
  id: number;
}

/** Ids stay below 2^21, so a pair of ids packs into one exact number. */
export const PAIR_SHIFT = 2 ** 21;
export const pairKey = (a: number, b: number) => a * PAIR_SHIFT + b;

const LONG = 48;
const POS = 2 ** 32;

export function applyRanks(symbols: number[], ranks: Map<number, RankedMerge>): number[] {
  return symbols.length > LONG ? applyRanksLong(symbols, ranks) : applyRanksShort(symbols, ranks);
}

const found: (RankedMerge | undefined)[] = [];

/**
 * Merges the lowest-ranked pair (leftmost among equals) one at a time, keeping each position's
 * merge so that only the two pairs beside a merge are looked up again.
 */
function applyRanksShort(symbols: number[], ranks: Map<number, RankedMerge>): number[] {
  let len = symbols.length;
  for (let i = 0; i + 1 < len; i++) found[i] = ranks.get(pairKey(symbols[i]!, symbols[i + 1]!));
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < len; i++) {
      const m = found[i];
      if (m !== undefined && m.rank < bestRank) {
        bestRank = m.rank;
        best = i;
      }
    }
    if (best < 0) break;
    symbols[best] = found[best]!.id;
    len--;
    for (let i = best + 1; i < len; i++) {
      symbols[i] = symbols[i + 1]!;
      found[i] = found[i + 1];
    }
    if (best > 0) found[best - 1] = ranks.get(pairKey(symbols[best - 1]!, symbols[best]!));
    found[best] = best + 1 < len ? ranks.get(pairKey(symbols[best]!, symbols[best + 1]!)) : undefined;
  }
  symbols.length = len;
  return symbols;
}

/** The same merges over a doubly linked list, candidates in a min-heap keyed by (rank, position). */
function applyRanksLong(symbols: number[], ranks: Map<number, RankedMerge>): number[] {
  const n = symbols.length;
  const tok = Int32Array.from(symbols);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  const heap = new MinHeap();
  const consider = (i: number) => {
    const j = next[i]!;
    const m = j < 0 ? undefined : ranks.get(pairKey(tok[i]!, tok[j]!));
    if (m) heap.push(m.rank * POS + i);
  };
  for (let i = 0; i + 1 < n; i++) consider(i);
  while (heap.size > 0) {
    const entry = heap.pop();
    const rank = Math.floor(entry / POS);
    const i = entry - rank * POS;
    const j = next[i]!;
    if (tok[i]! < 0 || j < 0) continue;
    const m = ranks.get(pairKey(tok[i]!, tok[j]!));
    if (!m || m.rank !== rank) continue; // stale: this position holds another pair now
    tok[i] = m.id;
    tok[j] = -1;
    next[i] = next[j]!;
    if (next[j]! >= 0) prev[next[j]!] = i;
    if (prev[i]! >= 0) consider(prev[i]!);
    consider(i);
  }
  const out: number[] = [];
  for (let i = 0; i >= 0; i = next[i]!) out.push(tok[i]!);
  return out;
}

class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(x: number): void {
    const h = this.items;
    let i = h.push(x) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= x) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = x;
  }

  pop(): number {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const c = l + 1 < h.length && h[l + 1]! < h[l]! ? l + 1 : l;
      if (h[c]! >= last) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }
}
