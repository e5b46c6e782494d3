// The conformance cases for the neural-network ops: softmax and log-softmax (causal),
// cross-entropy with an ignored index, layer norm, gather rows, where, masked fill, dropout,
// attention (causal, padded, a KV-cache-shaped query block, a fully masked row, probabilities)
// and the in-place optimizer kernels (checked forward only: no gradient flows through them).
import {
  adamStep, clipByNorm, crossEntropy, dropout, gatherRows, layerNorm, logSoftmax, maskedFill, scaledDotProductAttention, selfAttentionQkv, sgdStep,
  softmax, where, add, gelu, geluMlp, mul, mulScalar, sub, type AdamParams,
} from '../../../src/tensor/index.ts';
import * as R from './reference.ts';
import { f, ints, type InputSpec, type OpCase } from './conformance-cases.ts';

const mask = (...shape: number[]): InputSpec => ({ shape, kind: 'mask' });
const targets = (classes: number, rows: number): InputSpec => ({ shape: [rows], kind: { ints: classes } });
const withIgnored = (classes: number, rows: number): InputSpec => ({ shape: [rows], kind: { ints: classes, ignoreEvery: 4 } });

const softmaxCases: OpCase[] = [
  { name: 'softmax (17, 33)', inputs: [f(17, 33)], run: ([x]) => softmax(x!), ref: ([x]) => R.softmax(x!, false) },
  { name: 'softmax (1, 1)', inputs: [f(1, 1)], run: ([x]) => softmax(x!), ref: ([x]) => R.softmax(x!, false) },
  { name: 'softmax, causal (2, 17, 17)', inputs: [f(2, 17, 17)], run: ([x]) => softmax(x!, { causal: true }), ref: ([x]) => R.softmax(x!, false, true) },
  { name: 'log-softmax (5, 65)', inputs: [f(5, 65)], run: ([x]) => logSoftmax(x!), ref: ([x]) => R.softmax(x!, true) },
  // The masked entries of a causal log-softmax are −∞: compared through exp.
  {
    name: 'log-softmax, causal (3, 3)', inputs: [f(3, 3)],
    run: ([x]) => softmax(logSoftmax(x!, { causal: true }), { causal: true }), ref: ([x]) => R.softmax(R.softmax(x!, true, true), false, true),
  },
];

const lossCases: OpCase[] = [
  {
    name: 'cross-entropy (17, 33), every 4th row ignored', inputs: [f(17, 33), withIgnored(33, 17)],
    run: ([x, t]) => crossEntropy(x!, t!), ref: ([x, t]) => R.crossEntropy(x!, t!),
  },
  { name: 'cross-entropy (4, 65)', inputs: [f(4, 65), targets(65, 4)], run: ([x, t]) => crossEntropy(x!, t!), ref: ([x, t]) => R.crossEntropy(x!, t!) },
  { name: 'cross-entropy (1, 1)', inputs: [f(1, 1), targets(1, 1)], run: ([x, t]) => crossEntropy(x!, t!), ref: ([x, t]) => R.crossEntropy(x!, t!) },
  {
    name: 'cross-entropy with a custom ignore index', inputs: [f(6, 5), targets(5, 6)],
    run: ([x, t]) => crossEntropy(x!, t!, { ignoreIndex: 2 }), ref: ([x, t]) => R.crossEntropy(x!, t!, 2),
  },
];

const normCases: OpCase[] = [
  {
    name: 'layer norm (17, 33)', inputs: [f(17, 33), f(33), f(33)],
    run: ([x, g, b]) => layerNorm(x!, g!, b!), ref: ([x, g, b]) => R.layerNorm(x!, g!, b!),
  },
  {
    name: 'layer norm (2, 3, 65), ε = 1e-3', inputs: [f(2, 3, 65), f(65), f(65)],
    run: ([x, g, b]) => layerNorm(x!, g!, b!, 1e-3), ref: ([x, g, b]) => R.layerNorm(x!, g!, b!, 1e-3),
  },
  { name: 'layer norm (1, 2)', inputs: [f(1, 2), f(2), f(2)], run: ([x, g, b]) => layerNorm(x!, g!, b!), ref: ([x, g, b]) => R.layerNorm(x!, g!, b!) },
];

const indexCases: OpCase[] = [
  { name: 'gather rows (10, 7) by ids (2, 3)', inputs: [f(10, 7), ints(10, 2, 3)], run: ([t, i]) => gatherRows(t!, i!), ref: ([t, i]) => R.gatherRows(t!, i!) },
  { name: 'gather rows (65, 17) by ids (33)', inputs: [f(65, 17), ints(65, 33)], run: ([t, i]) => gatherRows(t!, i!), ref: ([t, i]) => R.gatherRows(t!, i!) },
  { name: 'gather one row (1, 1) by ids (1)', inputs: [f(1, 1), ints(1, 1)], run: ([t, i]) => gatherRows(t!, i!), ref: ([t, i]) => R.gatherRows(t!, i!) },
  {
    name: 'where (17, 1) ? (17, 33) : (33)', inputs: [mask(17, 1), f(17, 33), f(33)],
    run: ([c, a, b]) => where(c!, a!, b!), ref: ([c, a, b]) => R.zip((m, x, y) => (m ? x : y), c!, a!, b!),
  },
  {
    name: 'where (33) ? (1) : (17, 33)', inputs: [mask(33), f(1), f(17, 33)],
    run: ([c, a, b]) => where(c!, a!, b!), ref: ([c, a, b]) => R.zip((m, x, y) => (m ? x : y), c!, a!, b!),
  },
  {
    name: 'masked fill (17, 33) by (33)', inputs: [f(17, 33), mask(33)],
    run: ([x, m]) => maskedFill(x!, m!, -2), ref: ([x, m]) => R.zip((v, k) => (k ? -2 : v), x!, m!),
  },
  {
    name: 'masked fill (2, 3, 5) by (2, 1, 5)', inputs: [f(2, 3, 5), mask(2, 1, 5)],
    run: ([x, m]) => maskedFill(x!, m!, 0), ref: ([x, m]) => R.zip((v, k) => (k ? 0 : v), x!, m!),
  },
];

/** A generator whose next draw makes dropout use exactly `seed`. */
const seeded = (seed: number) => ({ next: () => seed / 2 ** 32 });

/** A (3, 4, 4) mask hiding every key from query 0, and a scattering of keys from the rest. */
const rowZeroHidden = Array.from({ length: 48 }, (_, i) => (i % 16 < 4 || i % 5 === 0 ? 1 : 0));

const dropoutCases: OpCase[] = [
  {
    name: 'dropout p = 0.25 (17, 33)', inputs: [f(17, 33)],
    run: ([x]) => dropout(x!, 0.25, seeded(123456789), true), ref: ([x]) => R.zip((v, m) => v * m, x!, R.reshape(R.dropoutMask(561, 123456789, 0.25), [17, 33])),
  },
  {
    name: 'dropout p = 0.5 (65)', inputs: [f(65)],
    run: ([x]) => dropout(x!, 0.5, seeded(4000000000), true), ref: ([x]) => R.zip((v, m) => v * m, x!, R.dropoutMask(65, 4000000000, 0.5)),
  },
];

type AttnOpts = { causal?: boolean; scale?: number };
function attentionCase(name: string, q: number[], k: number[], v: number[], o: AttnOpts, maskSpec?: InputSpec): OpCase {
  const inputs = [f(...q), f(...k), f(...v), ...(maskSpec ? [maskSpec] : [])];
  return {
    name: `attention ${name}`,
    inputs,
    run: ([a, b, c, m]) => {
      const r = scaledDotProductAttention(a!, b!, c!, { causal: o.causal, paddingMask: m, scale: o.scale, returnProbs: true });
      return [r.out, r.probs!];
    },
    ref: ([a, b, c, m]) => {
      const r = R.attention(a!, b!, c!, { causal: o.causal, mask: m, scale: o.scale });
      return [r.out, r.probs];
    },
    heavy: true,
  };
}

/** Self-attention from a fused projection (B, T, 3·H·D), against the float64 attention of the split heads. */
function qkvCase(B: number, T: number, H: number, D: number, causal: boolean): OpCase {
  const C = H * D;
  const head = (x: R.Arr, part: number) => {
    const out = R.arr([B, H, T, D]);
    for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) {
      out.data[((b * H + h) * T + t) * D + d] = x.data[(b * T + t) * 3 * C + part * C + h * D + d]!;
    }
    return out;
  };
  return {
    name: `attention from a fused q|k|v (B ${B}, T ${T}, ${H} heads of ${D})${causal ? ', causal' : ''}`,
    inputs: [f(B, T, 3 * C)],
    run: ([x]) => selfAttentionQkv(x!, H, { causal }),
    ref: ([x]) => {
      const o = R.attention(head(x!, 0), head(x!, 1), head(x!, 2), { causal }).out;
      const merged = R.arr([B, T, C]);
      for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) {
        merged.data[(b * T + t) * C + h * D + d] = o.data[((b * H + h) * T + t) * D + d]!;
      }
      return merged;
    },
    heavy: true,
  };
}

const attentionCases: OpCase[] = [
  qkvCase(2, 9, 2, 8, true),
  qkvCase(1, 19, 3, 36, true),
  qkvCase(2, 6, 2, 5, false),
  qkvCase(1, 1, 1, 16, true),
  qkvCase(2, 24, 4, 32, true), // enough work to be split over two kernel threads
  attentionCase('causal (2, 3, 17, 8)', [2, 3, 17, 8], [2, 3, 17, 8], [2, 3, 17, 8], { causal: true }),
  attentionCase('Tq 5, Tk 7, dv 4, padding mask (1, 1, 7)', [1, 5, 8], [1, 7, 8], [1, 7, 4], {}, mask(1, 1, 7)),
  attentionCase('KV-cache block: Tq 1 of Tk 9, causal', [2, 1, 4], [2, 9, 4], [2, 9, 4], { causal: true }),
  attentionCase('causal with a padding mask per batch (2, 1, 1, 6), scale 0.3', [2, 2, 6, 3], [2, 2, 6, 3], [2, 2, 6, 5], { causal: true, scale: 0.3 }, mask(2, 1, 1, 6)),
  attentionCase('batch 1, length 1', [1, 1, 1, 33], [1, 1, 1, 33], [1, 1, 1, 17], { causal: true }),
  attentionCase('where query row 0 sees no key', [3, 4, 2], [3, 4, 2], [3, 4, 2], {}, { shape: [3, 4, 4], kind: 'mask', data: rowZeroHidden }),
];

function adamCase(name: string, shape: number[], p: AdamParams): OpCase {
  const [c1, c2] = [1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step];
  return {
    name: `adamStep ${name}`,
    inputs: [f(...shape), f(...shape), f(...shape), { shape, kind: 'positive' }],
    run: ([w, g, m, v]) => (adamStep(w!, g!, m!, v!, p), [w!, m!, v!]),
    ref: ([w, g, m, v]) => {
      const grad = p.decoupled ? g! : R.zip((gi, wi) => gi + p.weightDecay * wi, g!, w!);
      const m2 = R.zip((mi, gi) => p.beta1 * mi + (1 - p.beta1) * gi, m!, grad);
      const v2 = R.zip((vi, gi) => p.beta2 * vi + (1 - p.beta2) * gi * gi, v!, grad);
      const w2 = R.zip((wi, mi, vi) => wi - p.lr * (mi / c1 / (Math.sqrt(vi / c2) + p.eps) + (p.decoupled ? p.weightDecay * wi : 0)), w!, m2, v2);
      return [w2, m2, v2];
    },
    noGrad: true,
  };
}

const optimCases: OpCase[] = [
  {
    name: 'sgdStep with momentum and weight decay (17, 33)', inputs: [f(17, 33), f(17, 33), f(17, 33)],
    run: ([w, g, vel]) => (sgdStep(w!, g!, vel!, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 }), [w!, vel!]),
    ref: ([w, g, vel]) => {
      const v2 = R.zip((vi, gi, wi) => 0.9 * vi + gi + 0.01 * wi, vel!, g!, w!);
      return [R.zip((wi, vi) => wi - 0.1 * vi, w!, v2), v2];
    },
    noGrad: true,
  },
  adamCase('AdamW, step 3 (65)', [65], { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, decoupled: true, step: 3 }),
  adamCase('Adam with L2, step 1 (1)', [1], { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, decoupled: false, step: 1 }),
  {
    name: 'clipByNorm (17, 33) to a max norm of 0.3', inputs: [f(17, 33), { shape: [1], kind: 'positive' }],
    run: ([g, norm]) => (clipByNorm(g!, norm!, 0.3), [g!]),
    ref: ([g, norm]) => [R.zip((gi) => gi * Math.min(1, 0.3 / (norm!.data[0]! + 1e-6)), g!)],
    noGrad: true,
  },
  {
    name: 'clipByNorm (65) under its max norm of 10: unchanged', inputs: [f(65), { shape: [1], kind: 'positive' }],
    run: ([g, norm]) => (clipByNorm(g!, norm!, 10), [g!]),
    ref: ([g]) => [g!],
    noGrad: true,
  },
];

/** The bias-free MLP GELU(x·W1)·W2, against the float64 composition. */
function mlpCase(x: number[], f: number): OpCase {
  const c = x.at(-1)!;
  return {
    name: `geluMlp x (${x.join(', ')}), hidden ${f}`,
    inputs: [{ shape: x }, { shape: [c, f] }, { shape: [f, c] }],
    run: ([a, w1, w2]) => geluMlp(a!, w1!, w2!),
    ref: ([a, w1, w2]) => R.matmul(R.gelu(R.matmul(a!, w1!), 'tanh'), w2!),
    heavy: true,
  };
}

const mlpCases: OpCase[] = [
  mlpCase([2, 9, 12], 20),
  mlpCase([7, 13], 21), // ragged tiles in both products
  mlpCase([3, 40, 64], 256), // split over kernel threads by columns
  mlpCase([2, 400, 24], 48), // split over kernel threads by rows
];

/** Sizes past the point where the wasm backend splits a kernel over its threads (ragged boundaries). */
const splitCases: OpCase[] = [
  {
    name: 'gelu (tanh) over (−8, 8), (255, 161): split over threads', inputs: [f(255, 161)],
    run: ([x]) => gelu(mulScalar(x!, 8)), ref: ([x]) => R.gelu(R.zip((v) => 8 * v, x!), 'tanh'),
  },
  {
    name: 'gelu (exact) over (−8, 8), (255, 161): split over threads', inputs: [f(255, 161)],
    run: ([x]) => gelu(mulScalar(x!, 8), 'none'), ref: ([x]) => R.gelu(R.zip((v) => 8 * v, x!), 'none'),
  },
  { name: 'add (255, 161) + (255, 161): split over threads', inputs: [f(255, 161), f(255, 161)], run: ([x, y]) => add(x!, y!), ref: ([x, y]) => R.zip((a, b) => a + b, x!, y!) },
  { name: 'mul (255, 161) · (161): split over threads', inputs: [f(255, 161), f(161)], run: ([x, y]) => mul(x!, y!), ref: ([x, y]) => R.zip((a, b) => a * b, x!, y!) },
  { name: 'sub (161) − (255, 161): split over threads', inputs: [f(161), f(255, 161)], run: ([x, y]) => sub(x!, y!), ref: ([x, y]) => R.zip((a, b) => a - b, x!, y!) },
  {
    name: 'layer norm (301, 130): split over threads', inputs: [f(301, 130), f(130), f(130)],
    run: ([x, g, b]) => layerNorm(x!, g!, b!), ref: ([x, g, b]) => R.layerNorm(x!, g!, b!),
  },
  adamCase('AdamW, step 2 (40001): split over threads', [40001], { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, decoupled: true, step: 2 }),
];

export const NN_CASES: OpCase[] = [...softmaxCases, ...lossCases, ...normCases, ...indexCases, ...dropoutCases, ...attentionCases, ...mlpCases, ...optimCases, ...splitCases];
