// Float64 reference implementations of the engine's ops for the conformance suite: plain loops
// written from the definitions, independent of src/ (the dropout hash is re-derived from the
// rule documented in src/tensor/ops/dropout.ts). Slow and clear; the tests keep sizes small.

export interface Arr {
  shape: number[];
  data: Float64Array;
}

export const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
export const arr = (shape: readonly number[], data?: ArrayLike<number>): Arr => ({
  shape: [...shape],
  data: data ? Float64Array.from(data) : new Float64Array(sizeOf(shape)),
});

function coords(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return c;
}

const flat = (c: readonly number[], shape: readonly number[]) => c.reduce((off, v, d) => off * shape[d]! + v, 0);

/** Offset of the element of `a` that NumPy broadcasting maps to output coordinates `c`. */
function at(a: Arr, c: readonly number[]): number {
  const lead = c.length - a.shape.length;
  return flat(a.shape.map((s, d) => (s === 1 ? 0 : c[lead + d]!)), a.shape);
}

function broadcastShape(shapes: number[][]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => Math.max(...shapes.map((s) => s[s.length - n + i] ?? 1)));
}

/** f applied elementwise over the broadcast of xs. */
export function zip(f: (...v: number[]) => number, ...xs: Arr[]): Arr {
  const out = arr(broadcastShape(xs.map((x) => x.shape)));
  for (let i = 0; i < out.data.length; i++) {
    const c = coords(i, out.shape);
    out.data[i] = f(...xs.map((x) => x.data[at(x, c)]!));
  }
  return out;
}

export const reshape = (x: Arr, shape: number[]): Arr => arr(shape, x.data);

export function matmul(a: Arr, b: Arr, tA = false, tB = false): Arr {
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = tA ? [ac, ar] : [ar, ac];
  const n = tB ? br : bc;
  const batchShape = a.shape.slice(0, -2);
  const out = arr([...batchShape, m, n]);
  for (let p = 0; p < sizeOf(batchShape); p++) {
    const ao = p * m * k;
    const bo = b.shape.length === 2 ? 0 : p * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a.data[ao + (tA ? q * m + i : i * k + q)]! * b.data[bo + (tB ? j * k + q : q * n + j)]!;
        out.data[(p * m + i) * n + j] = s;
      }
    }
  }
  return out;
}

/** Reduction over `axes` by f from `init`. */
export function reduce(x: Arr, axes: number[], keepdims: boolean, init: number, f: (acc: number, v: number) => number): Arr {
  const ax = axes.map((a) => (a < 0 ? a + x.shape.length : a));
  const kept = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const out = arr(kept).data.fill(init);
  for (let i = 0; i < x.data.length; i++) {
    const o = flat(coords(i, x.shape).map((v, d) => (ax.includes(d) ? 0 : v)), kept);
    out[o] = f(out[o]!, x.data[i]!);
  }
  return arr(keepdims ? kept : x.shape.filter((_, i) => !ax.includes(i)), out);
}

export const sum = (x: Arr, axes: number[], keepdims = false) => reduce(x, axes, keepdims, 0, (a, v) => a + v);
export const max = (x: Arr, axes: number[], keepdims = false) => reduce(x, axes, keepdims, -Infinity, Math.max);

export function permute(x: Arr, perm: number[]): Arr {
  const out = arr(perm.map((p) => x.shape[p]!));
  for (let i = 0; i < out.data.length; i++) {
    const c = coords(i, out.shape);
    const src = new Array<number>(perm.length);
    perm.forEach((p, d) => (src[p] = c[d]!));
    out.data[i] = x.data[flat(src, x.shape)]!;
  }
  return out;
}

export function slice(x: Arr, begin: number[], size: number[]): Arr {
  const out = arr(size);
  for (let i = 0; i < out.data.length; i++) out.data[i] = x.data[flat(coords(i, size).map((v, d) => v + begin[d]!), x.shape)]!;
  return out;
}

export function concat(parts: Arr[], axis: number): Arr {
  const shape = [...parts[0]!.shape];
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
  const out = arr(shape);
  let at0 = 0;
  for (const p of parts) {
    for (let i = 0; i < p.data.length; i++) out.data[flat(coords(i, p.shape).map((v, d) => (d === axis ? v + at0 : v)), shape)] = p.data[i]!;
    at0 += p.shape[axis]!;
  }
  return out;
}

export function gatherRows(table: Arr, ids: Arr): Arr {
  const cols = table.shape[1]!;
  const out = arr([...ids.shape, cols]);
  ids.data.forEach((id, i) => out.data.set(table.data.subarray(id * cols, (id + 1) * cols), i * cols));
  return out;
}

/** Softmax or log-softmax over the last axis; causal: row i of each (T, T) block sees 0…i. */
export function softmax(x: Arr, log: boolean, causal = false): Arr {
  const cols = x.shape.at(-1)!;
  const out = arr(x.shape);
  for (let r = 0; r < x.data.length / cols; r++) {
    const n = causal ? (r % cols) + 1 : cols;
    const row = x.data.subarray(r * cols, r * cols + n);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    for (let j = 0; j < cols; j++) out.data[r * cols + j] = j < n ? (log ? row[j]! - lse : Math.exp(row[j]! - lse)) : log ? -Infinity : 0;
  }
  return out;
}

export function crossEntropy(logits: Arr, targets: Arr, ignoreIndex = -100): Arr {
  const logp = softmax(logits, true);
  const classes = logits.shape[1]!;
  let total = 0;
  let count = 0;
  targets.data.forEach((t, r) => {
    if (t === ignoreIndex) return;
    total -= logp.data[r * classes + t]!;
    count++;
  });
  return arr([], [count ? total / count : 0]);
}

export function layerNorm(x: Arr, gamma: Arr, beta: Arr, eps = 1e-5): Arr {
  const cols = x.shape.at(-1)!;
  const out = arr(x.shape);
  for (let r = 0; r < x.data.length / cols; r++) {
    const row = x.data.subarray(r * cols, (r + 1) * cols);
    const mean = row.reduce((s, v) => s + v, 0) / cols;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / cols;
    for (let c = 0; c < cols; c++) out.data[r * cols + c] = ((row[c]! - mean) / Math.sqrt(variance + eps)) * gamma.data[c]! + beta.data[c]!;
  }
  return out;
}

/** erf by the everywhere-convergent series (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), all terms positive. */
export function erf(x: number): number {
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x;
  let s = x;
  for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(s); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    s += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * s;
}

export function gelu(x: Arr, approximate: 'tanh' | 'none'): Arr {
  if (approximate === 'none') return zip((v) => 0.5 * v * (1 + erf(v / Math.SQRT2)), x);
  return zip((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))), x);
}

/** The dropout rule: element i is dropped when lowbias32(i·0x9E3779B9 + seed) < ⌊p·2³²⌋. */
export function dropoutMask(n: number, seed: number, p: number): Arr {
  const threshold = Math.floor(p * 2 ** 32);
  const out = arr([n]);
  for (let i = 0; i < n; i++) {
    let h = Number((BigInt(i) * 0x9e3779b9n + BigInt(seed)) % 2n ** 32n);
    h = (h ^ (h >>> 16)) >>> 0;
    h = Number((BigInt(h) * 0x7feb352dn) % 2n ** 32n);
    h = (h ^ (h >>> 15)) >>> 0;
    h = Number((BigInt(h) * 0x846ca68bn) % 2n ** 32n);
    h = (h ^ (h >>> 16)) >>> 0;
    out.data[i] = h < threshold ? 0 : 1 / (1 - p);
  }
  return out;
}

/** softmax(Q·Kᵀ·scale, masked)·V and the probabilities; causal aligned bottom-right; fully masked rows give 0. */
export function attention(q: Arr, k: Arr, v: Arr, opts: { causal?: boolean; mask?: Arr; scale?: number }): { out: Arr; probs: Arr } {
  const batchShape = q.shape.slice(0, -2);
  const [tq, d] = q.shape.slice(-2) as [number, number];
  const tk = k.shape.at(-2)!;
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  const scores = matmul(q, k, false, true);
  const probs = arr([...batchShape, tq, tk]);
  for (let r = 0; r < sizeOf(batchShape) * tq; r++) {
    const i = r % tq;
    const visible = (j: number) => !(opts.causal && j > i + tk - tq) && !(opts.mask && opts.mask.data[at(opts.mask, coords(r * tk + j, probs.shape))] !== 0);
    const js = Array.from({ length: tk }, (_, j) => j).filter(visible);
    if (js.length === 0) continue;
    const m = Math.max(...js.map((j) => scores.data[r * tk + j]! * scale));
    const total = js.reduce((s, j) => s + Math.exp(scores.data[r * tk + j]! * scale - m), 0);
    for (const j of js) probs.data[r * tk + j] = Math.exp(scores.data[r * tk + j]! * scale - m) / total;
  }
  return { out: matmul(probs, v), probs };
}
