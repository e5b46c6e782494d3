// The compiled kernels' exports as TypeScript sees them (assembly/*.ts are the source; their
// parameters are all numbers on this side: pointers are byte offsets into the kernels' memory,
// booleans 0 or 1).

export interface KernelExports {
  /**
   * C (m×n) = op(A)·op(B) on the calling thread, row-major, pointers in bytes; ta: A stored
   * k×m, tb: B stored n×k; `pack` is matmulPackBytes(m, n, k, 0, m) bytes of scratch.
   */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, pack: number): void;
  /**
   * One thread's share of C (m×n) = op(A)·op(B): chunks of slices (6 rows, or 8 columns when
   * byCols) taken from the control words at ctl (i64: seq, next slice; then an int32 count of
   * slices done), 1/divisor of what is left at a time and at least `least`; `pack` is this
   * thread's own matmulPackBytes(m, n, k, byCols, its largest chunk's rows or columns) bytes.
   */
  matmulChunks(
    a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, epilogue: number, aux: number,
    byCols: number, divisor: number, least: number, ctl: number, seq: number, pack: number,
  ): void;
  matmulPackBytes(m: number, n: number, k: number, byCols: number, chunk: number): number;
  /**
   * One thread's share of C (m×n, m a few rows) = op(A)·op(B) with B streamed unpacked:
   * chunks of slices of 8 columns taken from the control words at ctl, as matmulChunks.
   */
  matvecChunks(a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, divisor: number, least: number, ctl: number, seq: number): void;
  attentionForward(q: number, k: number, v: number, out: number, probs: number, count: number, tq: number, tk: number, d: number, dv: number, scale: number, causal: number, pack: number): void;
  attentionBackward(
    q: number, k: number, v: number, probs: number, g: number, dq: number, dk: number, dv: number,
    count: number, tq: number, tk: number, d: number, dvDim: number, scale: number, tmp: number, pack: number,
  ): void;
  layerNormForward(x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, rows: number, cols: number, eps: number): void;
  layerNormBackward(x: number, gamma: number, mean: number, rstd: number, gy: number, dx: number, dgamma: number, dbeta: number, rows: number, cols: number): void;
  attentionQkvScratchBytes(t: number, d: number): number;
  /**
   * Multi-head self-attention read straight from a fused projection qkv (B, T, 3·H·D: q, k, v
   * per position, heads side by side): out (B, T, H·D) with heads concatenated, probs (B, H, T,
   * T), over the `pairs` = B·H (batch, head) pairs in chunks threads take as they come (see
   * matmulChunks); `scratch` is this thread's own attentionQkvScratchBytes. `lens`: the address
   * of B int32 key lengths (keys past them masked), or 0.
   */
  attentionQkvForwardChunks(
    qkv: number, out: number, probs: number, t: number, h: number, d: number, scale: number, causal: number, lens: number,
    pairs: number, divisor: number, least: number, ctl: number, seq: number, scratch: number,
  ): void;
  /** dqkv (B, T, 3·H·D) from the saved probabilities and the output's gradient g, in chunks of pairs as the forward. */
  attentionQkvBackwardChunks(
    qkv: number, probs: number, g: number, dqkv: number, t: number, h: number, d: number, scale: number, causal: number, lens: number,
    pairs: number, divisor: number, least: number, ctl: number, seq: number, scratch: number,
  ): void;
  binaryRepeat(kind: number, x: number, y: number, z: number, n: number, ny: number, swap: number): void;
  adamStep(w: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, wd: number, c1: number, c2: number, decoupled: number): void;
  /** out = GELU_tanh(x), n values. */
  geluTanh(x: number, out: number, n: number): void;
  /** out = g · GELU_tanh'(x), n values. */
  geluTanhBackward(x: number, g: number, out: number, n: number): void;
  /** out = x·Φ(x), the exact GELU, n values. */
  geluErf(x: number, out: number, n: number): void;
  /** out = g · (Φ(x) + x·φ(x)), n values. */
  geluErfBackward(x: number, g: number, out: number, n: number): void;
}
