// The tensor core on the CPU backend: backward() (accumulation, a seed, shared gradients, eager
// freeing), noGrad, scope, disposal, and the named error for a kernel a backend lacks.
import { describe, expect, it } from 'vitest';
import {
  KernelNotFoundError, add, arrayFor, createCpuBackend, fromArray, kernelNames, matmul, mul, mulScalar, noGrad, scope, sum, tanh,
  type Backend, type Storage, type TypedArray,
} from '../../../src/tensor/index.ts';
import { AdamW, clipGradNorm } from '../../../src/optim/index.ts';
import { Linear, Rng } from '../../../src/nn/index.ts';
import { randomData } from './grad-check.ts';

const cpu = createCpuBackend();
const param = (data: number[], shape = [data.length]) => fromArray(cpu, data, shape, 'float32', true);
const values = async (t: { data(): Promise<TypedArray> }) => Array.from(await t.data());

describe('backward()', () => {
  it('accumulates into .grad across calls, and sums the uses of a tensor', async () => {
    const x = param([1, -2, 3]);
    sum(mul(x, x)).backward();
    sum(mul(x, x)).backward();
    expect(await values(x.grad!)).toEqual([4, -8, 12]);
  });

  it('takes a seed for a non-scalar output and leaves the seed alone', async () => {
    const x = param([1, 2, 3]);
    const seed = fromArray(cpu, [1, 10, 100], [3]);
    mulScalar(x, 2).backward(seed);
    expect(await values(x.grad!)).toEqual([2, 20, 200]);
    expect(await values(seed)).toEqual([1, 10, 100]);
  });

  it('gives two leaves that receive the same gradient tensors of their own', async () => {
    const [a, b] = [param([3, 0]), param([0, 4])];
    sum(add(a, b)).backward();
    expect(a.grad).not.toBe(b.grad);
    const norm = clipGradNorm([a, b], 1)!; // ‖(1, 1, 1, 1)‖ = 2: each gradient scaled by ½ once
    expect(await values(norm)).toEqual([2]);
    for (const g of [...(await values(a.grad!)), ...(await values(b.grad!))]) expect(g).toBeCloseTo(0.5, 6);
  });

  it('frees every intermediate gradient as it goes: only the leaf gradients remain', () => {
    const w = param(randomData(12, 1), [4, 3]);
    const x = fromArray(cpu, randomData(8, 2), [2, 4]);
    const loss = sum(tanh(matmul(x, w)));
    const before = cpu.live;
    loss.backward();
    expect(cpu.live).toBe(before + 1);
  });

  it('refuses what it cannot differentiate, saying why', () => {
    const x = param([1, 2]);
    expect(() => sum(fromArray(cpu, [1, 2], [2])).backward()).toThrow(/does not depend on any tensor that requires gradients/);
    expect(() => mulScalar(x, 2).backward()).toThrow('backward() without a seed needs a scalar, not shape [2]');
    expect(() => mulScalar(x, 2).backward(fromArray(cpu, [1], [1]))).toThrow('backward(): the seed [1] does not match the tensor [2]');
  });

  it('records the op that made each tensor, and nothing under noGrad', () => {
    const w = param([1, 2], [2, 1]);
    const y = matmul(fromArray(cpu, [1, 1], [1, 2]), w);
    expect(y.gradFn?.op).toBe('matmul');
    expect(y.gradFn?.inputs[1]).toBe(w);
    const z = noGrad(() => tanh(y));
    expect(z.requiresGrad).toBe(false);
    expect(z.gradFn).toBeNull();
  });
});

describe('scope()', () => {
  it('disposes what it does not return or keep, nested scopes included', async () => {
    const before = cpu.live;
    const x = fromArray(cpu, [1, 2], [2]);
    let inner = x;
    const { kept } = scope((keep) => {
      const a = tanh(x);
      inner = scope(() => mulScalar(a, 2));
      keep(a);
      return { kept: add(inner, a) };
    });
    expect(inner.isDisposed).toBe(true);
    expect(await values(kept)).toHaveLength(2);
    expect(cpu.live).toBe(before + 3); // x, the kept a and the result
    await expect(inner.data()).rejects.toThrow('read of a disposed tensor');
  });

  it('lets leaf gradients outlive the scope that computed them', async () => {
    const w = param([2]);
    scope(() => sum(mul(w, w)).backward());
    expect(await values(w.grad!)).toEqual([4]);
  });
});

describe('persistence', () => {
  it('keeps parameters, leaf gradients and optimizer state made inside a scope', () => {
    let model!: Linear;
    let opt!: AdamW;
    scope(() => {
      model = new Linear(cpu, new Rng(1), 2, 2);
      opt = new AdamW(model.parameters(), 0.1);
      sum(model.forward(fromArray(cpu, [1, 2], [1, 2]))).backward();
      opt.update();
    });
    expect(model.parameters().every((p) => !p.isDisposed && !p.grad!.isDisposed)).toBe(true);
    const before = cpu.live;
    opt.dispose();
    expect(cpu.live).toBe(before - 4); // two moments for the weight and for the bias
  });
});

describe('kernels', () => {
  it('throws a named error for an op on a backend without its kernel, never falling back', () => {
    const bare: Backend = {
      name: 'bare',
      live: 0,
      alloc: (length, dtype) => ({ backend: bare, length, dtype, data: arrayFor(dtype, length) }) as Storage,
      write: () => {},
      read: async (s) => arrayFor(s.dtype, s.length),
      dispose: () => {},
      flush: () => {},
    };
    const a = fromArray(bare, [1, 2], [2]);
    expect(() => add(a, a)).toThrow(KernelNotFoundError);
    expect(() => tanh(a)).toThrow('no bare kernel for "unary"');
    expect(kernelNames('bare')).toEqual([]);
  });

  it('lists the CPU kernels, every op covered', () => {
    expect(kernelNames('cpu')).toEqual([
      'adamStep', 'attention', 'attentionBackward', 'binary', 'clipByNorm', 'concat', 'copy', 'crossEntropy', 'crossEntropyGrad', 'dropoutMask',
      'erf', 'expand', 'gather', 'gelu', 'geluBackward', 'layerNorm', 'layerNormBackward', 'maskedFill', 'matmul', 'max', 'permute', 'scalar',
      'scatterAdd', 'sgdStep', 'slice', 'softmax', 'sum', 'unary', 'unslice', 'where',
    ]);
  });
});
