// What a GPT training run needs in memory, estimated before it is accepted: float32 weights,
// gradients and two AdamW moments (16 bytes a parameter), and the activations autograd keeps for
// one micro-batch (per layer and token about 16 × width plus 3 × heads × context for the attention
// probabilities, and the logits twice). Leaves out allocator slack. Reference: Korthikanti et al.
// 2022, "Reducing Activation Recomputation in Large Transformer Models", section 4.1.
import { totalmem } from 'node:os';
import type { GptConfig } from '../../../src/models/gpt/config.ts';
import type { GptTrainConfig } from '../../../src/training/gpt-train-config.ts';
import { formatBytes } from '../../../src/data/format.ts';
import { UserError } from '../../errors.ts';

export interface MemoryEstimate {
  parameters: number;
  weightsBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  totalBytes: number;
}

export function estimateTrainingMemory(m: GptConfig, t: Pick<GptTrainConfig, 'batchSize'>, vocabSize: number): MemoryEstimate {
  const { nLayer: L, nEmbd: C, nHead: H, contextLength: T } = m;
  const parameters = vocabSize * C + T * C + L * (12 * C * C + 13 * C) + 2 * C;
  const tokens = t.batchSize * T;
  const activations = L * tokens * (16 * C + 3 * H * T) + 2 * tokens * vocabSize;
  const weightsBytes = 8 * parameters; // weights and their gradients
  const optimizerBytes = 8 * parameters; // AdamW's two moments
  const activationBytes = 4 * activations;
  return { parameters, weightsBytes, optimizerBytes, activationBytes, totalBytes: weightsBytes + optimizerBytes + activationBytes };
}

/** The most a run may take: a share of this machine's memory (LMW_MAX_RUN_MEMORY_MB overrides it). */
export function runMemoryLimit(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.LMW_MAX_RUN_MEMORY_MB);
  return Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : Math.floor(totalmem() * 0.75);
}

/** Refuses (413) a run whose estimate is over the limit, with the figures. */
export function checkRunFits(m: GptConfig, t: Pick<GptTrainConfig, 'batchSize'>, vocabSize: number, limit = runMemoryLimit()): MemoryEstimate {
  const e = estimateTrainingMemory(m, t, vocabSize);
  if (e.totalBytes > limit) {
    throw new UserError(413, `this run needs about ${formatBytes(e.totalBytes)} of memory (${formatBytes(e.weightsBytes)} weights and gradients, ${formatBytes(e.optimizerBytes)} AdamW state, ${formatBytes(e.activationBytes)} activations for batch ${t.batchSize} × context ${m.contextLength} × ${m.nLayer} layers × width ${m.nEmbd}), over this machine's limit of ${formatBytes(limit)}: make it smaller`);
  }
  return e;
}
