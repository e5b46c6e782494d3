// Module: named parameters and child modules, train/eval mode, and a state dict (parameter
// name → tensor, names joined with dots as in PyTorch: `h.0.attn.c_attn.weight`).
import { fromArray, persist, sizeOf, Tensor } from '../tensor/tensor.ts';
import type { Backend } from '../tensor/backend.ts';
import { initValues, type Init } from './init.ts';
import type { Rng } from './random.ts';

let initSkipped = false;

/**
 * Builds modules without initializing their parameters (storage allocated, contents unspecified),
 * for a caller that writes every parameter next, as a checkpoint loader does: a 124M-parameter
 * model then costs no random draws and no temporary arrays.
 */
export function withoutInit<T>(build: () => T): T {
  const before = initSkipped;
  initSkipped = true;
  try {
    return build();
  } finally {
    initSkipped = before;
  }
}

export abstract class Module {
  training = true;
  private readonly params = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  protected param(name: string, backend: Backend, shape: number[], init: Init, rng: Rng): Tensor {
    const t = persist(initSkipped ? new Tensor(shape, 'float32', backend.alloc(sizeOf(shape), 'float32'), true) : fromArray(backend, initValues(init, shape, rng), shape, 'float32', true));
    this.params.set(name, t);
    return t;
  }

  protected child<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  namedParameters(prefix = ''): [string, Tensor][] {
    const own = [...this.params].map(([n, t]): [string, Tensor] => [prefix + n, t]);
    const sub = [...this.children].flatMap(([n, c]) => c.namedParameters(`${prefix}${n}.`));
    return [...own, ...sub];
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  train(on = true): this {
    this.training = on;
    for (const c of this.children.values()) c.train(on);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  stateDict(): Map<string, Tensor> {
    return new Map(this.namedParameters());
  }

  /** Copies values in by name; every parameter must be given with its exact shape, all checked first. */
  async loadStateDict(values: Map<string, { shape: readonly number[]; data: Float32Array }>): Promise<void> {
    const params = this.namedParameters();
    for (const [name, t] of params) {
      const v = values.get(name);
      if (!v) throw new Error(`state dict has no "${name}"`);
      if (v.shape.length !== t.shape.length || v.shape.some((d, i) => d !== t.shape[i])) {
        throw new Error(`state dict "${name}" has shape [${v.shape.join(', ')}], the model needs [${t.shape.join(', ')}]`);
      }
    }
    for (const [name, t] of params) t.backend.write(t.storage, values.get(name)!.data);
  }
}
