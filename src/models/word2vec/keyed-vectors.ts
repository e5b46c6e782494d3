// Word vectors and the questions people ask of them: nearest neighbours by cosine (optionally
// among the most frequent words only), analogies a:b :: c:? by 3CosAdd (Mikolov et al. 2013c)
// and 3CosMul (Levy & Goldberg 2014) without the query words, similarity, odd one out.
import { Word2VecError } from './vocab.ts';

export interface Neighbour {
  word: string;
  score: number;
}

export class KeyedVectors {
  readonly index: Map<string, number>;
  /** Rows scaled to unit length (zero rows stay zero). */
  readonly unit: Float32Array;

  constructor(readonly words: string[], readonly vectors: Float32Array, readonly dim: number) {
    if (vectors.length !== words.length * dim) throw new Word2VecError(`${words.length} words × ${dim} dims need ${words.length * dim} values, got ${vectors.length}`);
    this.index = new Map(words.map((w, i) => [w, i]));
    this.unit = new Float32Array(vectors.length);
    for (let w = 0; w < words.length; w++) {
      let n = 0;
      for (let k = 0; k < dim; k++) n += vectors[w * dim + k]! ** 2;
      const s = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let k = 0; k < dim; k++) this.unit[w * dim + k] = vectors[w * dim + k]! * s;
    }
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  id(word: string): number {
    const i = this.index.get(word);
    if (i === undefined) throw new Word2VecError(`"${word}" is not in the vocabulary`);
    return i;
  }

  vector(word: string): Float32Array {
    const i = this.id(word);
    return this.vectors.slice(i * this.dim, (i + 1) * this.dim);
  }

  /** Cosine of every word (among the first `restrict`) with a unit query vector. */
  private cosines(q: Float32Array, restrict: number): Float32Array {
    const D = this.dim;
    const n = Math.min(restrict, this.words.length);
    const out = new Float32Array(n);
    for (let w = 0; w < n; w++) {
      let s = 0;
      for (let k = 0; k < D; k++) s += this.unit[w * D + k]! * q[k]!;
      out[w] = s;
    }
    return out;
  }

  private top(scores: Float32Array, topn: number, exclude: Set<number>): Neighbour[] {
    const order = Array.from(scores.keys()).filter((i) => !exclude.has(i)).sort((a, b) => scores[b]! - scores[a]!);
    return order.slice(0, topn).map((i) => ({ word: this.words[i]!, score: scores[i]! }));
  }

  private unitOf(word: string): Float32Array {
    const i = this.id(word);
    return this.unit.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Nearest words by cosine; `restrict` limits the search to the most frequent words. */
  mostSimilar(word: string, topn = 10, restrict = Infinity): Neighbour[] {
    return this.top(this.cosines(this.unitOf(word), restrict), topn, new Set([this.id(word)]));
  }

  similarity(a: string, b: string): number {
    const [x, y] = [this.unitOf(a), this.unitOf(b)];
    let s = 0;
    for (let k = 0; k < this.dim; k++) s += x[k]! * y[k]!;
    return s;
  }

  /** a : b :: c : ? — 3CosAdd: argmax cos(x, b − a + c); 3CosMul: argmax cos'(x,b)·cos'(x,c)/(cos'(x,a)+ε), cos' = (1+cos)/2. */
  analogy(a: string, b: string, c: string, method: 'add' | 'mul' = 'add', topn = 1, restrict = Infinity): Neighbour[] {
    const exclude = new Set([this.id(a), this.id(b), this.id(c)]);
    if (method === 'add') {
      const [ua, ub, uc] = [this.unitOf(a), this.unitOf(b), this.unitOf(c)];
      const q = new Float32Array(this.dim);
      let n = 0;
      for (let k = 0; k < this.dim; k++) n += (q[k] = ub[k]! - ua[k]! + uc[k]!) ** 2;
      for (let k = 0; k < this.dim; k++) q[k]! /= Math.sqrt(n) || 1;
      return this.top(this.cosines(q, restrict), topn, exclude);
    }
    const [sa, sb, sc] = [a, b, c].map((w) => this.cosines(this.unitOf(w), restrict)) as [Float32Array, Float32Array, Float32Array];
    const scores = sb.map((_, i) => (((1 + sb[i]!) / 2) * ((1 + sc[i]!) / 2)) / ((1 + sa[i]!) / 2 + 1e-3));
    return this.top(scores, topn, exclude);
  }

  /** The word least like the mean of the others (gensim's doesnt_match). */
  oddOneOut(words: string[]): string {
    if (words.length < 3) throw new Word2VecError('odd one out needs at least three words');
    const units = words.map((w) => this.unitOf(w));
    const mean = new Float32Array(this.dim);
    for (const u of units) for (let k = 0; k < this.dim; k++) mean[k]! += u[k]! / units.length;
    let worst = 0;
    let worstScore = Infinity;
    units.forEach((u, i) => {
      let s = 0;
      for (let k = 0; k < this.dim; k++) s += u[k]! * mean[k]!;
      if (s < worstScore) [worst, worstScore] = [i, s];
    });
    return words[worst]!;
  }
}
