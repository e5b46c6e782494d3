// One conformance suite for every backend: `runConformance(name, createBackend)` registers the
// Vitest cases. For each op case (conformance-cases*.ts), on seeded inputs:
// - forward: |got − want| ≤ tol · max(1, |want|) against both the CPU backend and a float64
//   re-implementation (reference.ts); tol 1e-5, 1e-4 for matmul-heavy ops;
// - gradient: L = Σ w ⊙ op(x) with fixed random w, backward() on the backend against central
//   differences of the float64 reference, (L(x + h) − L(x − h)) / 2h with h = 1e-6. In float64
//   those are accurate to ~1e-9, so float32 noise cannot hide a wrong rule; up to 64 elements
//   per input, spread over it, are checked.
// Then: every CPU kernel exists on the backend, and a scoped training loop leaks nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, clipGradNorm, createCpuBackend, crossEntropy, fromArray, kernelNames, mul, reshape, scaledDotProductAttention, scope, sum,
  type Backend, type Tensor,
} from '../../../src/index.ts';
import { AdamW, Dropout, Embedding, LayerNorm, MLP, Rng, warmupCosine, weightDecayGroups } from '../../../src/index.ts';
import { CORE_CASES, type InputSpec, type OpCase } from './conformance-cases.ts';
import { NN_CASES } from './conformance-cases-nn.ts';
import { randomData } from './grad-check.ts';
import { arr, type Arr } from './reference.ts';

export interface ConformanceOptions {
  /** Forward tolerance (default 1e-5). */
  tolerance?: number;
  /** Forward tolerance of matmul-heavy ops (default 1e-4). */
  heavyTolerance?: number;
  /** Gradient tolerance against the float64 central differences (default 1e-4). */
  gradTolerance?: number;
  /** Scoped training steps in the memory check (default 10). */
  memorySteps?: number;
}

export const CASES: OpCase[] = [...CORE_CASES, ...NN_CASES];
const SAMPLES = 64;
const H = 1e-6;

const isFloat = (s: InputSpec) => s.kind === undefined || s.kind === 'float' || s.kind === 'positive';
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Seeded values for each input, rounded to float32 so every backend sees the same numbers. */
function inputValues(specs: InputSpec[], seed: number): Arr[] {
  return specs.map((s, i) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const u = randomData(n, seed * 16 + i + 1);
    const kind = s.kind ?? 'float';
    const values =
      s.data ??
      (kind === 'float' ? u : kind === 'positive' ? u.map((v) => 1.25 + 0.75 * v) : kind === 'mask' ? u.map((v) => (v > 0.4 ? 1 : 0))
        : u.map((v, j) => (kind.ignoreEvery && j % kind.ignoreEvery === 0 ? -100 : Math.floor(((v + 1) / 2) * kind.ints))));
    return arr(s.shape, values.map(Math.fround));
  });
}

const upload = (b: Backend, specs: InputSpec[], values: Arr[], grad = false) =>
  specs.map((s, i) => fromArray(b, values[i]!.data, s.shape, isFloat(s) ? 'float32' : 'int32', grad && isFloat(s)));

function expectClose(label: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length, `${label}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!));
    if (!(err <= tol)) expect.fail(`${label}: element ${i} is ${got[i]}, want ${want[i]} (error ${err.toExponential(2)} > ${tol})`);
  }
}

async function read(outs: Tensor[]): Promise<{ shape: number[]; data: ArrayLike<number> }[]> {
  const res = await Promise.all(outs.map(async (o) => ({ shape: [...o.shape], data: await o.data() })));
  for (const o of outs) o.dispose();
  return res;
}

async function checkForward(b: Backend, cpu: Backend, c: OpCase, seed: number, tol: number): Promise<void> {
  const values = inputValues(c.inputs, seed);
  const run = async (on: Backend) => {
    const xs = upload(on, c.inputs, values);
    const outs = await read(scope(() => list(c.run(xs))));
    for (const x of xs) x.dispose();
    return outs;
  };
  const [got, onCpu, want] = [await run(b), await run(cpu), list(c.ref(values))];
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    expect(g.shape, `output ${k} shape`).toEqual(want[k]!.shape);
    expectClose(`output ${k} against the float64 reference`, g.data, want[k]!.data, tol);
    expectClose(`output ${k} against the CPU backend`, g.data, onCpu[k]!.data, tol);
  });
}

/** Up to SAMPLES element indices of an n-element input, first and last included. */
const samples = (n: number) => (n <= SAMPLES ? [...Array(n).keys()] : [...new Set(Array.from({ length: SAMPLES }, (_, j) => Math.round((j * (n - 1)) / (SAMPLES - 1))))]);

async function checkGradient(b: Backend, c: OpCase, seed: number, tol: number): Promise<void> {
  const values = inputValues(c.inputs, seed);
  const weights = list(c.ref(values)).map((o, k) => arr(o.shape, randomData(o.data.length, 7777 + k).map(Math.fround)));
  const refLoss = (vs: Arr[]) => list(c.ref(vs)).reduce((s, o, k) => s + o.data.reduce((t, v, i) => t + v * weights[k]!.data[i]!, 0), 0);
  const xs = upload(b, c.inputs, values, true);
  scope(() => {
    const outs = list(c.run(xs));
    outs.map((o, k) => sum(mul(o, fromArray(b, weights[k]!.data, o.shape)))).reduce((x, y) => add(x, y)).backward();
  });
  for (const [t, spec] of c.inputs.entries()) {
    if (!isFloat(spec)) {
      expect(xs[t]!.grad, `input ${t} is int32: no gradient`).toBeNull();
      continue;
    }
    expect(xs[t]!.grad, `input ${t} has a gradient`).not.toBeNull();
    const analytic = await xs[t]!.grad!.data();
    for (const e of samples(values[t]!.data.length)) {
      const moved = (delta: number) => values.map((v, k) => (k === t ? arr(v.shape, v.data.map((x, i) => (i === e ? x + delta : x))) : v));
      const numeric = (refLoss(moved(H)) - refLoss(moved(-H))) / (2 * H);
      const err = Math.abs(analytic[e]! - numeric) / Math.max(1, Math.abs(numeric));
      if (!(err <= tol)) expect.fail(`input ${t} element ${e}: backward gives ${analytic[e]}, finite differences ${numeric} (error ${err.toExponential(2)})`);
    }
  }
  for (const x of xs) {
    x.grad?.dispose();
    x.dispose();
  }
}

/** A tiny attention model's scoped training step; returns its loss. */
function trainingLoop(b: Backend) {
  const rng = new Rng(3);
  const [emb, ln, mlp, drop] = [new Embedding(b, rng, 11, 8), new LayerNorm(b, rng, 8), new MLP(b, rng, [8, 16, 11], 'gelu'), new Dropout(0.1, rng)];
  const params = [emb, ln, mlp].flatMap((m) => m.parameters());
  const opt = new AdamW(weightDecayGroups(params, 0.1), 1e-2);
  const schedule = warmupCosine(2e-2, 2, 20);
  const ids = fromArray(b, [1, 4, 2, 9, 0, 3, 3, 7, 10, 5], [2, 5], 'int32');
  const targets = fromArray(b, [4, 2, 9, 0, -100, 3, 7, 10, 5, 1], [10], 'int32');
  const padding = fromArray(b, [0, 0, 0, 0, 1, 0, 0, 0, 0, 0], [2, 1, 5], 'int32');
  return async (s: number): Promise<number> => {
    opt.lr = schedule(s);
    const loss = scope(() => {
      const h = ln.forward(emb.forward(ids)); // (2, 5, 8)
      const { out } = scaledDotProductAttention(h, h, h, { causal: true, paddingMask: padding });
      const logits = mlp.forward(drop.forward(add(h, out))); // (2, 5, 11)
      const l = crossEntropy(reshape(logits, [10, 11]), targets);
      l.backward();
      clipGradNorm(params, 1);
      return l;
    });
    opt.update();
    opt.zeroGrad();
    const value = (await loss.data())[0]!;
    loss.dispose();
    return value;
  };
}

export function runConformance(name: string, createBackend: () => Backend | Promise<Backend>, opts: ConformanceOptions = {}): void {
  const { tolerance = 1e-5, heavyTolerance = 1e-4, gradTolerance = 1e-4, memorySteps = 10 } = opts;
  const cpu = createCpuBackend();
  let backend: Backend;

  describe(`conformance of the ${name} backend`, () => {
    beforeAll(async () => {
      backend = await createBackend();
    });

    describe('forward against the float64 reference and the CPU backend', () => {
      CASES.forEach((c, i) => it(c.name, () => checkForward(backend, cpu, c, i, c.heavy ? heavyTolerance : tolerance)));
    });

    describe('gradients against float64 central differences', () => {
      CASES.forEach((c, i) => {
        if (!c.noGrad) it(c.name, () => checkGradient(backend, c, i, gradTolerance));
      });
    });

    it('has a kernel for every kernel of the CPU reference', () => {
      const have = new Set(kernelNames(backend.name));
      expect(kernelNames('cpu').filter((k) => !have.has(k))).toEqual([]);
    });

    it(`keeps the live storage count flat across ${memorySteps} scoped training steps, and learns`, async () => {
      const step = trainingLoop(backend);
      const first = await step(0);
      const live = backend.live;
      let last = first;
      for (let s = 1; s < memorySteps; s++) {
        last = await step(s);
        expect(backend.live, `live storages after step ${s + 1}`).toBe(live);
      }
      expect(last).toBeLessThan(first);
    });
  });
}
