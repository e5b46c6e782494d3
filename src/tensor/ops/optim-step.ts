// Optimizer updates as in-place kernels on a parameter and its state, so a GPU backend runs
// them with no readback: SGD with momentum, Adam/AdamW, and the rescale of a gradient by a
// global norm held in a one-element tensor. No gradients flow through these. The rules: src/optim.
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, fmt } from './op.ts';

export interface SgdParams { lr: number; momentum: number; weightDecay: number }
/** `step` counts from 1 (bias correction); `decoupled`: AdamW's weight decay, else L2 in the gradient. */
export interface AdamParams { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean; step: number }
export type SgdKernel = (param: Storage, grad: Storage, velocity: Storage, p: SgdParams) => void;
export type AdamKernel = (param: Storage, grad: Storage, m: Storage, v: Storage, p: AdamParams) => void;
/** g ← g · min(1, maxNorm / (norm + 1e-6)). */
export type ClipKernel = (grad: Storage, norm: Storage, maxNorm: number) => void;

function checkState(op: string, param: Tensor, ...others: Tensor[]): void {
  checkSameBackend(op, param, ...others);
  for (const t of [param, ...others]) {
    if (t.dtype !== 'float32' || t.size !== param.size) throw new Error(`${op}: ${t.dtype} ${fmt(t.shape)} does not match the parameter ${fmt(param.shape)}`);
  }
}

export function sgdStep(param: Tensor, grad: Tensor, velocity: Tensor, p: SgdParams): void {
  checkState('sgdStep', param, grad, velocity);
  getKernel<SgdKernel>('sgdStep', param.backend.name)(param.storage, grad.storage, velocity.storage, p);
}

export function adamStep(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, p: AdamParams): void {
  checkState('adamStep', param, grad, m, v);
  if (!(p.step >= 1)) throw new Error(`adamStep: step counts from 1, got ${p.step}`);
  getKernel<AdamKernel>('adamStep', param.backend.name)(param.storage, grad.storage, m.storage, v.storage, p);
}

export function clipByNorm(grad: Tensor, norm: Tensor, maxNorm: number): void {
  checkSameBackend('clipByNorm', grad, norm);
  if (norm.size !== 1) throw new Error(`clipByNorm: the norm must have one element, got ${fmt(norm.shape)}`);
  getKernel<ClipKernel>('clipByNorm', grad.backend.name)(grad.storage, norm.storage, maxNorm);
}
