// Optimizers over parameter groups (so biases and norms can skip weight decay): SGD with
// momentum (Sutskever et al. 2013), Adam (Kingma & Ba 2015) and AdamW with decoupled weight
// decay (Loshchilov & Hutter 2019). Each update is one in-place kernel per parameter
// (ops/optim-step.ts), so a GPU backend updates without reading anything back.
import { fill, fromArray, persist, type Tensor } from '../tensor/tensor.ts';
import { adamStep, sgdStep } from '../tensor/ops/optim-step.ts';

export interface ParamGroup {
  params: Tensor[];
  /** Overrides the optimizer's weight decay for this group (0 for biases and norms). */
  weightDecay?: number;
}

function groupsOf(params: Tensor[] | ParamGroup[]): ParamGroup[] {
  return params.length > 0 && 'params' in (params[0] as object) ? (params as ParamGroup[]) : [{ params: params as Tensor[] }];
}

export abstract class Optimizer {
  readonly groups: ParamGroup[];
  /** The learning rate of the next update; a schedule sets it before each step. */
  lr: number;
  step = 0;

  constructor(params: Tensor[] | ParamGroup[], lr: number) {
    this.groups = groupsOf(params);
    this.lr = lr;
  }

  /** Applies one update from the current gradients; parameters without a gradient are skipped. */
  update(): void {
    this.step++;
    for (const g of this.groups) for (const p of g.params) if (p.grad) this.apply(p, p.grad, g);
  }

  zeroGrad(): void {
    for (const g of this.groups) {
      for (const p of g.params) {
        p.grad?.dispose();
        p.grad = null;
      }
    }
  }

  /** Frees the optimizer's state tensors (moments, velocities). */
  dispose(): void {
    for (const t of this.stateTensors()) t.dispose();
  }

  protected abstract apply(param: Tensor, grad: Tensor, group: ParamGroup): void;
  protected abstract stateTensors(): Tensor[];
}

export class SGD extends Optimizer {
  private readonly velocity = new Map<Tensor, Tensor>();

  constructor(params: Tensor[] | ParamGroup[], lr: number, readonly momentum = 0, readonly weightDecay = 0) {
    super(params, lr);
  }

  protected apply(p: Tensor, g: Tensor, group: ParamGroup): void {
    let v = this.velocity.get(p);
    if (!v) this.velocity.set(p, (v = persist(fill(p.backend, p.shape, 0))));
    sgdStep(p, g, v, { lr: this.lr, momentum: this.momentum, weightDecay: group.weightDecay ?? this.weightDecay });
  }

  protected stateTensors(): Tensor[] {
    return [...this.velocity.values()];
  }

  /** The velocity of a parameter (null before its first update), for checkpoints. */
  velocityOf(p: Tensor): Tensor | null {
    return this.velocity.get(p) ?? null;
  }

  /** Restores a parameter's velocity from a checkpoint (size checked). */
  setVelocity(p: Tensor, v: Float32Array): void {
    if (v.length !== p.size) throw new Error(`optimizer state: a velocity of ${v.length} values for a parameter of ${p.size}`);
    this.velocity.get(p)?.dispose();
    this.velocity.set(p, persist(fromArray(p.backend, v, p.shape)));
  }
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

export class Adam extends Optimizer {
  /** Per parameter: first and second moments and its own step count (bias correction). */
  private readonly state = new Map<Tensor, { m: Tensor; v: Tensor; t: number }>();
  protected decoupled = false;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;

  constructor(params: Tensor[] | ParamGroup[], lr = 1e-3, opts: AdamOptions = {}) {
    super(params, lr);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
  }

  protected apply(p: Tensor, g: Tensor, group: ParamGroup): void {
    let st = this.state.get(p);
    if (!st) this.state.set(p, (st = { m: persist(fill(p.backend, p.shape, 0)), v: persist(fill(p.backend, p.shape, 0)), t: 0 }));
    st.t++;
    adamStep(p, g, st.m, st.v, {
      lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps,
      weightDecay: group.weightDecay ?? this.weightDecay, decoupled: this.decoupled, step: st.t,
    });
  }

  protected stateTensors(): Tensor[] {
    return [...this.state.values()].flatMap((s) => [s.m, s.v]);
  }

  /** Moments and step count of a parameter (null before its first update), for checkpoints. */
  moments(p: Tensor): { m: Tensor; v: Tensor; t: number } | null {
    return this.state.get(p) ?? null;
  }

  /** Restores a parameter's moments from a checkpoint (shapes checked). */
  setMoments(p: Tensor, m: Float32Array, v: Float32Array, t: number): void {
    if (m.length !== p.size || v.length !== p.size) throw new Error(`optimizer state: moments of ${m.length}/${v.length} values for a parameter of ${p.size}`);
    const old = this.state.get(p);
    if (old) {
      old.m.dispose();
      old.v.dispose();
    }
    this.state.set(p, { m: persist(fromArray(p.backend, m, p.shape)), v: persist(fromArray(p.backend, v, p.shape)), t });
  }
}

/** Adam with decoupled weight decay (default 0.01): w ← w − lr·(m̂/(√v̂ + ε) + λ·w). */
export class AdamW extends Adam {
  constructor(params: Tensor[] | ParamGroup[], lr = 1e-3, opts: AdamOptions = {}) {
    super(params, lr, { weightDecay: 0.01, ...opts });
    this.decoupled = true;
  }
}
