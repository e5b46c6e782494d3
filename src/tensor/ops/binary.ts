// Elementwise add, sub, mul, div with NumPy broadcasting; scalar forms (add, mul, pow); expand
// (broadcast to a shape). Each backward rule is written with these same ops, reducing broadcast
// dims by sumTo. Leaves out: comparison ops (masks come in as int32 tensors).
import { Tensor, setGradientOps, type Shape } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { broadcastShapes, checkSameBackend, fmt, output } from './op.ts';
import { sumTo } from './reduce.ts';
import { neg } from './unary.ts';
import { reshape } from './reshape.ts';

export type BinaryKind = 'add' | 'sub' | 'mul' | 'div';
export type BinaryKernel = (kind: BinaryKind, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Shape) => Storage;
export type ScalarKind = 'add' | 'mul' | 'pow';
export type ScalarKernel = (kind: ScalarKind, x: Storage, s: number) => Storage;
export type ExpandKernel = (x: Storage, shape: Shape, out: Shape) => Storage;

function binary(kind: BinaryKind, a: Tensor, b: Tensor, backward: (g: Tensor) => [Tensor | null, Tensor | null]): Tensor {
  checkSameBackend(kind, a, b);
  if (a.dtype !== b.dtype) throw new Error(`${kind}: dtypes differ (${a.dtype} ${fmt(a.shape)}, ${b.dtype} ${fmt(b.shape)})`);
  const shape = broadcastShapes(kind, a.shape, b.shape);
  const storage = getKernel<BinaryKernel>('binary', a.backend.name)(kind, a.storage, a.shape, b.storage, b.shape, shape);
  return output(kind, shape, a.dtype, storage, [a, b], (g) => {
    const [ga, gb] = backward(g);
    return [ga && sumTo(ga, a.shape), gb && sumTo(gb, b.shape)];
  });
}

export const add = (a: Tensor, b: Tensor): Tensor => binary('add', a, b, (g) => [g, g]);
export const sub = (a: Tensor, b: Tensor): Tensor => binary('sub', a, b, (g) => [g, neg(g)]);
export const mul = (a: Tensor, b: Tensor): Tensor => binary('mul', a, b, (g) => [mul(g, b), mul(g, a)]);
/** a / b. Gradients: g / b and −g·a / b². */
export const div = (a: Tensor, b: Tensor): Tensor =>
  binary('div', a, b, (g) => [div(g, b), neg(div(mul(g, a), mul(b, b)))]);

function scalar(kind: ScalarKind, x: Tensor, s: number, backward: (g: Tensor) => Tensor): Tensor {
  checkSameBackend(`${kind}Scalar`, x);
  if (x.dtype !== 'float32') throw new Error(`${kind}Scalar: needs float32, got ${x.dtype} ${fmt(x.shape)}`);
  const storage = getKernel<ScalarKernel>('scalar', x.backend.name)(kind, x.storage, s);
  return output(`${kind}Scalar`, x.shape, x.dtype, storage, [x], (g) => [backward(g)]);
}

export const addScalar = (x: Tensor, s: number): Tensor => scalar('add', x, s, (g) => g);
export const mulScalar = (x: Tensor, s: number): Tensor => scalar('mul', x, s, (g) => mulScalar(g, s));
/** x ** p, elementwise (a negative x only for integer p, as in JavaScript). Gradient: p · x^(p−1). */
export const powScalar = (x: Tensor, p: number): Tensor => scalar('pow', x, p, (g) => mul(g, mulScalar(powScalar(x, p - 1), p)));

/** x broadcast to `shape`. Gradient: summed back to x's shape. */
export function expand(x: Tensor, shape: Shape): Tensor {
  checkSameBackend('expand', x);
  const out = broadcastShapes('expand', x.shape, shape);
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) throw new Error(`expand: ${fmt(x.shape)} does not broadcast to ${fmt(shape)}`);
  const storage = getKernel<ExpandKernel>('expand', x.backend.name)(x.storage, x.shape, shape);
  return output('expand', shape, x.dtype, storage, [x], (g) => [sumTo(g, x.shape)]);
}

setGradientOps({ add, copy: (t) => reshape(t, t.shape) });
