// A deliberately naive BPE learner for checking the fast one: every merge recounts every pair of
// every word, in corpus order, and the first pair seen wins a tie on count.
import { initialSymbols, type Mode } from '../../../src/tokenizers/index.ts';

export function naiveMerges(counts: Map<string, number>, mode: Mode, maxMerges: number): [string, string][] {
  const words = [...counts].map(([w, n]) => ({ symbols: initialSymbols(w, mode), n }));
  const merges: [string, string][] = [];
  while (merges.length < maxMerges) {
    const pairCount = new Map<string, number>();
    for (const { symbols, n } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = JSON.stringify([symbols[i], symbols[i + 1]]);
        pairCount.set(key, (pairCount.get(key) ?? 0) + n);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, c] of pairCount) {
      if (c > bestCount) {
        best = key;
        bestCount = c;
      }
    }
    if (best === undefined) break;
    const [a, b] = JSON.parse(best) as [string, string];
    merges.push([a, b]);
    for (const w of words) {
      const next: string[] = [];
      for (let i = 0; i < w.symbols.length; i++) {
        if (i + 1 < w.symbols.length && w.symbols[i] === a && w.symbols[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(w.symbols[i]!);
      }
      w.symbols = next;
    }
  }
  return merges;
}
