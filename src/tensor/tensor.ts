// Tensor: a shape, a dtype, storage on a backend, and — when gradients are wanted — the op that
// made it. `backward()` walks the graph in reverse topological order, accumulating gradients.
// Leaves out: views and strides (ops make contiguous results), in-place ops, float16.
import { arrayFor, type Backend, type DType, type Storage, type TypedArray } from './backend.ts';

export type Shape = readonly number[];

/** How an op's output passes gradient back: one gradient per input (null: none). */
export interface GradFn {
  inputs: Tensor[];
  backward(grad: Tensor): (Tensor | null)[];
}

let gradEnabled = true;
const scopes: Set<Tensor>[] = [];

export const sizeOf = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

export class Tensor {
  grad: Tensor | null = null;
  private disposed = false;

  constructor(
    readonly shape: Shape,
    readonly dtype: DType,
    readonly storage: Storage,
    readonly requiresGrad = false,
    readonly gradFn: GradFn | null = null,
  ) {
    if (storage.length !== sizeOf(shape)) throw new Error(`storage of ${storage.length} elements does not fit shape [${shape.join(', ')}]`);
    scopes.at(-1)?.add(this);
  }

  get backend(): Backend {
    return this.storage.backend;
  }

  get size(): number {
    return this.storage.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  async data(): Promise<TypedArray> {
    if (this.disposed) throw new Error('read of a disposed tensor');
    this.backend.flush();
    return this.backend.read(this.storage);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.backend.dispose(this.storage);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Gradients of this scalar with respect to every tensor it depends on that requires them. */
  backward(seed?: Tensor): void {
    if (!seed && this.size !== 1) throw new Error(`backward() without a seed needs a scalar, not shape [${this.shape.join(', ')}]`);
    const order = topologicalOrder(this);
    const grads = new Map<Tensor, Tensor>([[this, seed ?? fill(this.backend, this.shape, 1)]]);
    noGrad(() => {
      for (const t of order.reverse()) {
        const g = grads.get(t);
        if (!g || !t.gradFn) continue;
        t.gradFn.backward(g).forEach((gi, i) => {
          const input = t.gradFn!.inputs[i]!;
          if (!gi || !input.requiresGrad) return;
          const prev = grads.get(input);
          grads.set(input, prev ? accumulate(prev, gi) : gi);
        });
      }
      for (const [t, g] of grads) {
        if (t.gradFn || !t.requiresGrad) continue;
        const prev = t.grad;
        t.grad = prev ? accumulate(prev, g) : g;
        prev?.dispose();
        // A leaf's gradient outlives the scope that computed it: the optimizer reads it later.
        for (const s of scopes) s.delete(t.grad);
      }
    });
  }
}

/** Set by ops/binary.ts: gradient accumulation is an add, written with the add op. */
let accumulate: (a: Tensor, b: Tensor) => Tensor = () => {
  throw new Error('the add op is not loaded');
};
export function setAccumulate(f: (a: Tensor, b: Tensor) => Tensor): void {
  accumulate = f;
}

function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length) {
    const [t, done] = stack.pop()!;
    if (done) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const i of t.gradFn?.inputs ?? []) if (!seen.has(i)) stack.push([i, false]);
  }
  return order;
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording gradients. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/**
 * Runs fn and disposes every tensor created inside it, except those in what it returns (a
 * tensor, or an array or object of tensors) and those passed to `keep`. Nested scopes work.
 */
export function scope<T>(fn: (keep: (t: Tensor) => Tensor) => T): T {
  const created = new Set<Tensor>();
  const kept = new Set<Tensor>();
  scopes.push(created);
  let result: T;
  try {
    result = fn((t) => (kept.add(t), t));
  } finally {
    scopes.pop();
  }
  const keepValue = (v: unknown) => {
    if (v instanceof Tensor) kept.add(v);
    else if (Array.isArray(v)) v.forEach(keepValue);
    else if (v && typeof v === 'object') Object.values(v).forEach(keepValue);
  };
  keepValue(result);
  for (const t of created) {
    if (kept.has(t)) scopes.at(-1)?.add(t);
    else t.dispose();
  }
  return result;
}

export function fromArray(backend: Backend, data: ArrayLike<number>, shape: Shape, dtype: DType = 'float32', requiresGrad = false): Tensor {
  if (data.length !== sizeOf(shape)) throw new Error(`${data.length} values do not fill shape [${shape.join(', ')}]`);
  const arr = arrayFor(dtype, data.length);
  arr.set(data);
  const storage = backend.alloc(arr.length, dtype);
  backend.write(storage, arr);
  return new Tensor(shape, dtype, storage, requiresGrad);
}

export function fill(backend: Backend, shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  return fromArray(backend, arrayFor(dtype, sizeOf(shape)).fill(value), shape, dtype);
}
