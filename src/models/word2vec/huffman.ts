// The Huffman tree of hierarchical softmax (Morin & Bengio 2005; Mikolov et al. 2013): frequent
// words get short codes. For each word, its code bits and the inner nodes on its path (indices
// into syn1), built as word2vec.c builds them, from counts sorted in decreasing order.

export interface HuffmanCodes {
  /** codes[w]: bits from the root down (0/1). */
  codes: Uint8Array[];
  /** points[w]: inner-node indices from the root down, aligned with codes. */
  points: Int32Array[];
}

export function huffman(counts: Float64Array): HuffmanCodes {
  const V = counts.length;
  if (V === 1) return { codes: [Uint8Array.of(0)], points: [Int32Array.of(0)] };
  const count = new Float64Array(2 * V);
  count.set(counts);
  count.fill(Number.MAX_VALUE, V);
  const binary = new Uint8Array(2 * V);
  const parent = new Int32Array(2 * V);
  // Two pointers: pos1 walks the leaves (smallest last), pos2 the new inner nodes (smallest first).
  let pos1 = V - 1;
  let pos2 = V;
  const takeMin = () => (pos1 >= 0 && count[pos1]! < count[pos2]! ? pos1-- : pos2++);
  for (let a = 0; a < V - 1; a++) {
    const min1 = takeMin();
    const min2 = takeMin();
    count[V + a] = count[min1]! + count[min2]!;
    parent[min1] = V + a;
    parent[min2] = V + a;
    binary[min2] = 1;
  }
  const root = 2 * V - 2;
  const codes: Uint8Array[] = [];
  const points: Int32Array[] = [];
  for (let w = 0; w < V; w++) {
    const code: number[] = [];
    const point: number[] = [];
    for (let b = w; b !== root; b = parent[b]!) {
      code.push(binary[b]!);
      point.push(parent[b]! - V);
    }
    codes.push(Uint8Array.from(code.reverse()));
    points.push(Int32Array.from(point.reverse()));
  }
  return { codes, points };
}
