// Embedding (a (V, C) table looked up by int32 ids), LayerNorm (γ = 1, β = 0 at start) and
// Dropout (seeded; the identity in eval mode) as modules.
import type { Tensor } from '../tensor/tensor.ts';
import type { Backend } from '../tensor/backend.ts';
import { gatherRows } from '../tensor/ops/gather.ts';
import { layerNorm } from '../tensor/ops/layer-norm.ts';
import { dropout } from '../tensor/ops/dropout.ts';
import { Module } from './module.ts';
import type { Init } from './init.ts';
import type { Rng } from './random.ts';

export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(backend: Backend, rng: Rng, readonly count: number, readonly dim: number, init: Init = { kind: 'normal', std: 0.02 }) {
    super();
    this.weight = this.param('weight', backend, [count, dim], init, rng);
  }

  // ids (…) int32 → (…, C)
  forward(ids: Tensor): Tensor {
    return gatherRows(this.weight, ids);
  }
}

export class LayerNorm extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(backend: Backend, rng: Rng, readonly dim: number, readonly eps = 1e-5) {
    super();
    this.weight = this.param('weight', backend, [dim], { kind: 'ones' }, rng);
    this.bias = this.param('bias', backend, [dim], { kind: 'zeros' }, rng);
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, this.eps);
  }
}

export class Dropout extends Module {
  constructor(readonly p: number, private readonly rng: Rng) {
    super();
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.rng, this.training);
  }
}
