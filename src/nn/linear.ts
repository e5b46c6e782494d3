// Linear layer y = x·W + b with W stored (in, out), the layout of GPT-2's Conv1D, or (out, in)
// as PyTorch's nn.Linear (BERT) with y = x·Wᵀ + b, so weights map to Hugging Face checkpoints
// without a transpose. MLP: Linear → activation → … → Linear.
import type { Tensor } from '../tensor/tensor.ts';
import type { Backend } from '../tensor/backend.ts';
import { add } from '../tensor/ops/binary.ts';
import { matmul } from '../tensor/ops/matmul.ts';
import { relu, tanh } from '../tensor/ops/unary.ts';
import { gelu } from '../tensor/ops/gelu.ts';
import { Module } from './module.ts';
import type { Init } from './init.ts';
import type { Rng } from './random.ts';

export interface LinearOptions {
  bias?: boolean;
  init?: Init;
  /** 'in,out' (default, GPT-2's Conv1D) or 'out,in' (PyTorch's nn.Linear). */
  layout?: 'in,out' | 'out,in';
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly layout: 'in,out' | 'out,in';

  constructor(backend: Backend, rng: Rng, readonly inFeatures: number, readonly outFeatures: number, opts: LinearOptions = {}) {
    super();
    this.layout = opts.layout ?? 'in,out';
    const shape = this.layout === 'in,out' ? [inFeatures, outFeatures] : [outFeatures, inFeatures];
    this.weight = this.param('weight', backend, shape, opts.init ?? { kind: 'xavierUniform' }, rng);
    this.bias = opts.bias === false ? null : this.param('bias', backend, [outFeatures], { kind: 'zeros' }, rng);
  }

  // (…, in) → (…, out)
  forward(x: Tensor): Tensor {
    const y = matmul(x, this.weight, { transposeB: this.layout === 'out,in' });
    return this.bias ? add(y, this.bias) : y;
  }
}

export type Activation = 'relu' | 'tanh' | 'gelu';
const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = { relu, tanh, gelu: (x) => gelu(x) };

export class MLP extends Module {
  readonly layers: Linear[];

  constructor(backend: Backend, rng: Rng, sizes: number[], readonly activation: Activation = 'relu') {
    super();
    this.layers = sizes.slice(1).map((out, i) => this.child(String(i), new Linear(backend, rng, sizes[i]!, out)));
  }

  forward(x: Tensor): Tensor {
    const f = ACTIVATIONS[this.activation];
    return this.layers.reduce((h, layer, i) => (i < this.layers.length - 1 ? f(layer.forward(h)) : layer.forward(h)), x);
  }
}
