// Tensor: a shape, a dtype, storage on a backend, and — when gradients are wanted — the op that
// made it. `backward()` walks the graph in reverse topological order, accumulating gradients.
// Leaves out: strides (every tensor is contiguous; reshape shares its input's storage where the
// backend offers Backend.view), in-place ops other than the optimizer's, float16.
import { arrayFor, type Backend, type DType, type Storage, type TypedArray } from './backend.ts';
import { PendingGrads, topologicalOrder } from './autograd.ts';

export type Shape = readonly number[];

/** The node an op leaves in the graph: its name, its inputs, and one gradient per input (null: none). */
export interface GradFn {
  op: string;
  inputs: Tensor[];
  backward(grad: Tensor): (Tensor | null)[];
}

/** The two ops backward() itself needs, set by ops/binary.ts (tensor.ts cannot import the ops). */
interface GradientOps {
  add(a: Tensor, b: Tensor): Tensor;
  copy(a: Tensor): Tensor;
}

let gradEnabled = true;
let gradientOps: GradientOps | null = null;
const scopes: Set<Tensor>[] = [];

export const sizeOf = (shape: Shape) => shape.reduce((a, b) => a * b, 1);
const fmt = (shape: Shape) => `[${shape.join(', ')}]`;

export function setGradientOps(ops: GradientOps): void {
  gradientOps = ops;
}

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
    if (storage.length !== sizeOf(shape)) throw new Error(`storage of ${storage.length} elements does not fit shape ${fmt(shape)}`);
    scopes.at(-1)?.add(this);
  }

  get backend(): Backend {
    return this.storage.backend;
  }

  /** Freezes (false) or unfreezes a leaf such as a parameter: a frozen one gets no gradient and no graph is built through it. */
  setRequiresGrad(on: boolean): void {
    if (this.gradFn) throw new Error('setRequiresGrad: only a leaf tensor (no op made it) can be frozen or unfrozen');
    (this as { requiresGrad: boolean }).requiresGrad = on;
  }

  get size(): number {
    return this.storage.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The values, read back from the backend (a copy; WebGPU maps a buffer, hence async). */
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

  /**
   * Adds to `.grad` of every leaf this tensor depends on (that requires gradients) the gradient
   * of this scalar, or of Σ seed ⊙ this. Intermediate gradients are freed as soon as they have
   * been passed back; the leaves' gradients outlive every scope (the optimizer reads them later).
   */
  backward(seed?: Tensor): void {
    if (!this.requiresGrad) throw new Error('backward(): this tensor does not depend on any tensor that requires gradients (or it was made under noGrad)');
    if (!seed && this.size !== 1) throw new Error(`backward() without a seed needs a scalar, not shape ${fmt(this.shape)}`);
    if (seed && (seed.rank !== this.rank || seed.shape.some((d, i) => d !== this.shape[i]))) {
      throw new Error(`backward(): the seed ${fmt(seed.shape)} does not match the tensor ${fmt(this.shape)}`);
    }
    const created = new Set<Tensor>();
    scopes.push(created);
    try {
      noGrad(() => {
        const pending = new PendingGrads(gradientOps!.add, (t) => created.has(t));
        pending.push(this, seed ?? fill(this.backend, this.shape, 1));
        for (const t of topologicalOrder(this).reverse()) passBack(t, pending);
        // A leaf's gradient is its own (clipping scales it in place): copied when it is shared.
        for (const [leaf, g] of pending.entries()) addLeafGrad(leaf, pending.isShared(g) || !created.has(g) || g.storage.aliased ? gradientOps!.copy(g) : g);
      });
    } finally {
      scopes.pop();
    }
    for (const t of created) t.dispose();
  }
}

/** leaf.grad += g (g becomes the leaf's own: a gradient shared with another leaf was copied first). */
function addLeafGrad(leaf: Tensor, g: Tensor): void {
  const prev = leaf.grad;
  leaf.grad = persist(prev ? gradientOps!.add(prev, g) : g);
  prev?.dispose();
}

/** Runs node t's backward rule in its own scope (its temporaries are freed at once). */
function passBack(t: Tensor, pending: PendingGrads): void {
  const fn = t.gradFn;
  const g = pending.get(t);
  if (!fn || !g) return;
  const grads = scope(() => fn.backward(g));
  grads.forEach((gi, i) => {
    if (gi && fn.inputs[i]!.requiresGrad) pending.push(fn.inputs[i]!, gi);
  });
  pending.release(t);
  for (const gi of grads) if (gi) pending.freeIfUnheld(gi);
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
 * tensor, or an array or object of tensors) and those passed to `keep`. Nested scopes work:
 * what an inner scope keeps belongs to the outer one.
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

/** Takes t out of every open scope, so that none disposes it: parameters, optimizer state, leaf gradients. */
export function persist<T extends Tensor>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}

export function fromArray(backend: Backend, data: ArrayLike<number>, shape: Shape, dtype: DType = 'float32', requiresGrad = false): Tensor {
  if (data.length !== sizeOf(shape)) throw new Error(`${data.length} values do not fill shape ${fmt(shape)}`);
  const arr = arrayFor(dtype, data.length);
  arr.set(data);
  const storage = backend.alloc(arr.length, dtype);
  backend.write(storage, arr);
  return new Tensor(shape, dtype, storage, requiresGrad);
}

export function fill(backend: Backend, shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  return fromArray(backend, arrayFor(dtype, sizeOf(shape)).fill(value), shape, dtype);
}
