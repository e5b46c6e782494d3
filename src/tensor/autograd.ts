// The bookkeeping of reverse-mode differentiation for Tensor.backward(): the graph in
// topological order, and the gradients pending per node, each counted once per node holding it
// so that it can be freed the moment no node does. Leaves out higher-order gradients.
// Reference: Griewank & Walther, "Evaluating Derivatives" (2008), ch. 3 (reverse mode).
import type { Tensor } from './tensor.ts';

/** Every tensor `root` depends on, inputs before the ops that use them. */
export function topologicalOrder(root: Tensor): Tensor[] {
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

/**
 * Gradients waiting to be passed back, by node. A tensor may be pending for several nodes (an
 * add passes its gradient to both inputs unchanged); it is freed when the last lets go of it,
 * unless it belongs to the caller (`owned` says which ones backward() may free).
 */
export class PendingGrads {
  private readonly byNode = new Map<Tensor, Tensor>();
  private readonly holders = new Map<Tensor, number>();

  constructor(
    private readonly add: (a: Tensor, b: Tensor) => Tensor,
    private readonly owned: (t: Tensor) => boolean,
  ) {}

  get(node: Tensor): Tensor | undefined {
    return this.byNode.get(node);
  }

  /** Adds g to the gradient pending for `node`. */
  push(node: Tensor, g: Tensor): void {
    const prev = this.byNode.get(node);
    const next = prev ? this.add(prev, g) : g;
    this.byNode.set(node, next);
    this.hold(next, 1);
    if (prev) this.hold(prev, -1);
  }

  /** The node's gradient has been passed back: let go of it. */
  release(node: Tensor): void {
    const g = this.byNode.get(node);
    this.byNode.delete(node);
    if (g) this.hold(g, -1);
  }

  /** Frees g unless some node holds it (a gradient that was added into another, or not wanted). */
  freeIfUnheld(g: Tensor): void {
    if (!this.holders.has(g) && this.owned(g)) g.dispose();
  }

  /** Whether g is pending for more than one node (so it must be copied before it is handed out). */
  isShared(g: Tensor): boolean {
    return (this.holders.get(g) ?? 0) > 1;
  }

  entries(): [Tensor, Tensor][] {
    return [...this.byNode];
  }

  private hold(g: Tensor, delta: number): void {
    const n = (this.holders.get(g) ?? 0) + delta;
    if (n > 0) {
      this.holders.set(g, n);
      return;
    }
    this.holders.delete(g);
    if (this.owned(g)) g.dispose();
  }
}
