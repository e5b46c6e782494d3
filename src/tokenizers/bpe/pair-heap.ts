// A max-heap of candidate merges for the BPE learner, highest count first. Entries go stale as
// counts change; the learner checks each popped entry against the live counts (lazy deletion)
// and breaks ties on count itself.

export interface PairEntry {
  key: number;
  count: number;
}

const before = (a: PairEntry, b: PairEntry) => a.count > b.count;

export class PairHeap {
  private readonly items: PairEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): PairEntry | undefined {
    return this.items[0];
  }

  push(e: PairEntry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  pop(): PairEntry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
