// The conformance cases for the core ops — elementwise with broadcasting, scalar ops,
// reductions, shape ops and matmul — each an engine call beside its float64 reference, on
// shapes that are not multiples of a tile (17, 33, 65), with batch 1 and length 1.
import {
  add, addScalar, sumSquares, concat, div, erf, exp, expand, gelu, log, matmul, max, mean, mul, mulScalar, neg, permute, powScalar, relu, reshape,
  rsqrt, slice, split, sqrt, step, sub, sum, tanh, transpose, type Tensor,
} from '../../../src/tensor/index.ts';
import * as R from './reference.ts';
import type { Arr } from './reference.ts';

/** float: (−1, 1); positive: [0.5, 2); mask: int32 0/1; ints: int32 in [0, below), every n-th set to −100 if asked. */
export type InputKind = 'float' | 'positive' | 'mask' | { ints: number; ignoreEvery?: number };
export interface InputSpec {
  shape: number[];
  kind?: InputKind;
  /** Exact values instead of generated ones. */
  data?: number[];
}

export interface OpCase {
  name: string;
  inputs: InputSpec[];
  /** The op on a backend; several outputs are summed into one weighted loss for gradients. */
  run(xs: Tensor[]): Tensor | Tensor[];
  /** The same in float64. */
  ref(xs: Arr[]): Arr | Arr[];
  /** Matmul-heavy (long dot products): the looser forward tolerance applies. */
  heavy?: boolean;
  /** The op has no gradient (an int32 op, or a step). */
  noGrad?: boolean;
}

export const f = (...shape: number[]): InputSpec => ({ shape });
export const pos = (...shape: number[]): InputSpec => ({ shape, kind: 'positive' });
export const ints = (below: number, ...shape: number[]): InputSpec => ({ shape, kind: { ints: below } });
const fmt = (s: InputSpec[]) => s.map((i) => `(${i.shape.join(', ')})`).join(' ');

const BINARY: [string, (a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number][] = [
  ['add', add, (x, y) => x + y],
  ['sub', sub, (x, y) => x - y],
  ['mul', mul, (x, y) => x * y],
  ['div', div, (x, y) => x / y],
];
const PAIRS: [number[], number[]][] = [[[17, 33], [33]], [[3, 1, 5], [4, 1]], [[1], [65]], [[2, 17, 1], [1, 1, 33]], [[1], [1]]];

const binaryCases: OpCase[] = BINARY.flatMap(([name, op, fn]) =>
  PAIRS.map(([a, b]): OpCase => {
    const inputs = [f(...a), name === 'div' ? pos(...b) : f(...b)];
    return { name: `${name} ${fmt(inputs)}`, inputs, run: ([x, y]) => op(x!, y!), ref: ([x, y]) => R.zip(fn, x!, y!) };
  }),
);

const UNARY: [string, (x: Tensor) => Tensor, (x: Arr) => Arr, boolean?][] = [
  ['neg', neg, (x) => R.zip((v) => -v, x)],
  ['exp', exp, (x) => R.zip(Math.exp, x)],
  ['log', log, (x) => R.zip(Math.log, x), true],
  ['sqrt', sqrt, (x) => R.zip(Math.sqrt, x), true],
  ['rsqrt', rsqrt, (x) => R.zip((v) => 1 / Math.sqrt(v), x), true],
  ['tanh', tanh, (x) => R.zip(Math.tanh, x)],
  ['relu', relu, (x) => R.zip((v) => Math.max(v, 0), x)],
  ['erf', erf, (x) => R.zip(R.erf, x)],
  ['gelu (tanh)', (x) => gelu(x), (x) => R.gelu(x, 'tanh')],
  ['gelu (exact)', (x) => gelu(x, 'none'), (x) => R.gelu(x, 'none')],
];

const unaryCases: OpCase[] = UNARY.flatMap(([name, op, ref, positive]) =>
  [[17, 33], [65], [1]].map((shape): OpCase => {
    const inputs = [positive ? pos(...shape) : f(...shape)];
    return { name: `${name} ${fmt(inputs)}`, inputs, run: ([x]) => op(x!), ref: ([x]) => ref(x!) };
  }),
);

/** Inputs spread over (−4, 4): erf and GELU switch formulas away from 0. */
const wide: OpCase[] = [
  { name: 'erf over (−4, 4)', inputs: [f(65)], run: ([x]) => erf(mulScalar(x!, 4)), ref: ([x]) => R.zip((v) => R.erf(4 * v), x!) },
  { name: 'gelu (exact) over (−4, 4)', inputs: [f(65)], run: ([x]) => gelu(mulScalar(x!, 4), 'none'), ref: ([x]) => R.gelu(R.zip((v) => 4 * v, x!), 'none') },
  { name: 'gelu (tanh) over (−4, 4)', inputs: [f(65)], run: ([x]) => gelu(mulScalar(x!, 4)), ref: ([x]) => R.gelu(R.zip((v) => 4 * v, x!), 'tanh') },
  { name: 'step (no gradient)', inputs: [f(17, 33)], run: ([x]) => step(x!), ref: ([x]) => R.zip((v) => (v > 0 ? 1 : 0), x!), noGrad: true },
];

const scalarCases: OpCase[] = [
  { name: 'addScalar (17, 33)', inputs: [f(17, 33)], run: ([x]) => addScalar(x!, 0.75), ref: ([x]) => R.zip((v) => v + 0.75, x!) },
  { name: 'mulScalar (65)', inputs: [f(65)], run: ([x]) => mulScalar(x!, -3), ref: ([x]) => R.zip((v) => v * -3, x!) },
  { name: 'powScalar 3, negative bases (17, 33)', inputs: [f(17, 33)], run: ([x]) => powScalar(x!, 3), ref: ([x]) => R.zip((v) => v ** 3, x!) },
  { name: 'powScalar 2 (1)', inputs: [f(1)], run: ([x]) => powScalar(x!, 2), ref: ([x]) => R.zip((v) => v * v, x!) },
  { name: 'powScalar −1.5 (65)', inputs: [pos(65)], run: ([x]) => powScalar(x!, -1.5), ref: ([x]) => R.zip((v) => v ** -1.5, x!) },
];

const shapeCases: OpCase[] = [
  { name: 'expand (3, 1) → (2, 3, 5)', inputs: [f(3, 1)], run: ([x]) => expand(x!, [2, 3, 5]), ref: ([x]) => R.zip((v) => v, x!, R.arr([2, 3, 5])) },
  { name: 'expand (1) → (17, 33)', inputs: [f(1)], run: ([x]) => expand(x!, [17, 33]), ref: ([x]) => R.zip((v) => v, x!, R.arr([17, 33])) },
  { name: 'reshape (17, 33) → (33, −1)', inputs: [f(17, 33)], run: ([x]) => reshape(x!, [33, -1]), ref: ([x]) => R.reshape(x!, [33, 17]) },
  { name: 'permute (2, 3, 17) by [2, 0, 1]', inputs: [f(2, 3, 17)], run: ([x]) => permute(x!, [2, 0, 1]), ref: ([x]) => R.permute(x!, [2, 0, 1]) },
  { name: 'transpose (17, 33)', inputs: [f(17, 33)], run: ([x]) => transpose(x!), ref: ([x]) => R.permute(x!, [1, 0]) },
  { name: 'transpose axes 0, 2 of (1, 5, 7)', inputs: [f(1, 5, 7)], run: ([x]) => transpose(x!, 0, 2), ref: ([x]) => R.permute(x!, [2, 1, 0]) },
  { name: 'slice (17, 33) at [1, 2] size [15, 30]', inputs: [f(17, 33)], run: ([x]) => slice(x!, [1, 2], [15, 30]), ref: ([x]) => R.slice(x!, [1, 2], [15, 30]) },
  { name: 'slice the last element of (1, 65)', inputs: [f(1, 65)], run: ([x]) => slice(x!, [0, 64], [1, -1]), ref: ([x]) => R.slice(x!, [0, 64], [1, 1]) },
  {
    name: 'concat (17, 5) (17, 33) on axis 1', inputs: [f(17, 5), f(17, 33)],
    run: ([a, b]) => concat([a!, b!], 1), ref: ([a, b]) => R.concat([a!, b!], 1),
  },
  {
    name: 'concat (1, 3) (2, 3) (1, 3) on axis 0', inputs: [f(1, 3), f(2, 3), f(1, 3)],
    run: (xs) => concat(xs, 0), ref: (xs) => R.concat(xs, 0),
  },
  {
    name: 'concat (2, 3, 5, 4) (2, 3, 1, 4) on axis 2 (a KV cache growing by a token)', inputs: [f(2, 3, 5, 4), f(2, 3, 1, 4)],
    run: ([a, b]) => concat([a!, b!], 2), ref: ([a, b]) => R.concat([a!, b!], 2),
  },
  {
    name: 'split (17, 33) into 10 + 23 on axis 1', inputs: [f(17, 33)],
    run: ([x]) => split(x!, [10, 23], -1), ref: ([x]) => [R.slice(x!, [0, 0], [17, 10]), R.slice(x!, [0, 10], [17, 23])],
  },
];

const reductionCases: OpCase[] = [
  { name: 'sum over all (17, 33)', inputs: [f(17, 33)], run: ([x]) => sum(x!), ref: ([x]) => R.sum(x!, [0, 1]) },
  { name: 'sum of squares (17, 33)', inputs: [f(17, 33)], run: ([x]) => sumSquares(x!), ref: ([x]) => R.sum(R.zip((v) => v * v, x!), [0, 1]) },
  { name: 'sum over axis 1, keepdims (3, 17, 5)', inputs: [f(3, 17, 5)], run: ([x]) => sum(x!, 1, true), ref: ([x]) => R.sum(x!, [1], true) },
  { name: 'sum over axes 0, 2 (3, 17, 5)', inputs: [f(3, 17, 5)], run: ([x]) => sum(x!, [0, 2]), ref: ([x]) => R.sum(x!, [0, 2]) },
  { name: 'sum over a length-1 axis (1, 65)', inputs: [f(1, 65)], run: ([x]) => sum(x!, 0), ref: ([x]) => R.sum(x!, [0]) },
  { name: 'mean over the last axis (17, 33)', inputs: [f(17, 33)], run: ([x]) => mean(x!, -1), ref: ([x]) => R.zip((v) => v / 33, R.sum(x!, [1])) },
  {
    name: 'mean over axes 1, 2, keepdims (2, 3, 4)', inputs: [f(2, 3, 4)],
    run: ([x]) => mean(x!, [1, 2], true), ref: ([x]) => R.zip((v) => v / 12, R.sum(x!, [1, 2], true)),
  },
  { name: 'max over axis 1 (17, 33)', inputs: [f(17, 33)], run: ([x]) => max(x!, 1), ref: ([x]) => R.max(x!, [1]) },
  { name: 'max over axis 0, keepdims (3, 5, 7)', inputs: [f(3, 5, 7)], run: ([x]) => max(x!, 0, true), ref: ([x]) => R.max(x!, [0], true) },
  { name: 'max over all (65)', inputs: [f(65)], run: ([x]) => max(x!), ref: ([x]) => R.max(x!, [0]) },
];

const MATMULS: [string, number[], number[], { transposeA?: boolean; transposeB?: boolean }][] = [
  ['', [17, 33], [33, 65], {}],
  ['Aᵀ', [33, 17], [33, 65], { transposeA: true }],
  ['Bᵀ', [17, 33], [65, 33], { transposeB: true }],
  ['Aᵀ Bᵀ', [33, 17], [5, 33], { transposeA: true, transposeB: true }],
  ['batched, shared B', [2, 17, 33], [33, 5], {}],
  ['batched, shared Bᵀ', [2, 17, 33], [5, 33], { transposeB: true }],
  ['batched both, Aᵀ Bᵀ', [2, 65, 33], [2, 17, 65], { transposeA: true, transposeB: true }],
  ['batch 1', [1, 17, 20], [20, 3], {}],
  ['length 1', [3, 1, 40], [3, 40, 1], {}],
  ['1 × 1', [1, 1], [1, 1], {}],
  // Large enough to be split over kernel threads: by rows (more rows than columns), by columns.
  ['split by rows', [70, 130], [130, 37], {}],
  ['split by columns, Aᵀ', [300, 21], [300, 83], { transposeA: true }],
  ['split by columns, Bᵀ', [21, 300], [83, 300], { transposeB: true }],
];

const matmulCases: OpCase[] = MATMULS.map(([label, a, b, opts]) => ({
  name: `matmul ${label} (${a.join(', ')}) · (${b.join(', ')})`.replace('  ', ' '),
  inputs: [f(...a), f(...b)],
  run: ([x, y]) => matmul(x!, y!, opts),
  ref: ([x, y]) => R.matmul(x!, y!, opts.transposeA, opts.transposeB),
  heavy: true,
}));

const intCases: OpCase[] = [
  {
    name: 'int32 add, sub, mul with broadcasting (exact)', inputs: [ints(1000, 17, 33), ints(50, 33)],
    run: ([a, b]) => [add(a!, b!), sub(a!, b!), mul(a!, b!)],
    ref: ([a, b]) => [R.zip((x, y) => x + y, a!, b!), R.zip((x, y) => x - y, a!, b!), R.zip((x, y) => x * y, a!, b!)],
    noGrad: true,
  },
  {
    name: 'int32 reshape and expand', inputs: [ints(9, 3, 1)],
    run: ([a]) => reshape(expand(a!, [3, 4]), [4, 3]), ref: ([a]) => R.reshape(R.zip((v) => v, a!, R.arr([3, 4])), [4, 3]), noGrad: true,
  },
];

export const CORE_CASES: OpCase[] = [...binaryCases, ...unaryCases, ...wide, ...scalarCases, ...shapeCases, ...reductionCases, ...matmulCases, ...intCases];
