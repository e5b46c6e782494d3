// Parameter groups for weight decay as GPT-style recipes use them: matrices (embeddings,
// linear weights) decay; vectors (biases, layer-norm gains and shifts) do not.
// Leaves out per-group learning rates.
import type { Tensor } from '../tensor/tensor.ts';
import type { ParamGroup } from './optimizer.ts';

export function weightDecayGroups(params: Tensor[], weightDecay: number): ParamGroup[] {
  return [
    { params: params.filter((p) => p.rank >= 2), weightDecay },
    { params: params.filter((p) => p.rank < 2), weightDecay: 0 },
  ];
}
