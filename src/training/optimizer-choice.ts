// The optimizer a GPT recipe names, built over the model's weight-decay groups (matrices decay,
// biases and norms do not): SGD, SGD with momentum, Adam (L2 decay) or AdamW (decoupled decay),
// with the recipe's β1, β2, ε and momentum. Leaves out Nesterov momentum and AMSGrad.
import type { Tensor } from '../tensor/tensor.ts';
import { Adam, AdamW, SGD } from '../optim/optimizer.ts';
import { weightDecayGroups } from '../optim/groups.ts';
import type { GptTrainConfig } from './gpt-train-config.ts';
import type { TrainOptimizer } from './optimizer-state.ts';

export function buildOptimizer(params: Tensor[], c: GptTrainConfig): TrainOptimizer {
  const groups = weightDecayGroups(params, c.weightDecay);
  const adam = { beta1: c.beta1, beta2: c.beta2, eps: c.eps, weightDecay: c.weightDecay };
  switch (c.optimizer) {
    case 'sgd':
      return new SGD(groups, c.lr, 0, c.weightDecay);
    case 'sgd-momentum':
      return new SGD(groups, c.lr, c.momentum, c.weightDecay);
    case 'adam':
      return new Adam(groups, c.lr, adam);
    case 'adamw':
      return new AdamW(groups, c.lr, adam);
  }
}
