// Learning-rate schedules as pure functions of the step (0-based): constant, linear warmup then
// cosine decay to a floor (as in GPT training recipes), step decay, exponential decay.

export type Schedule = (step: number) => number;

export const constant = (lr: number): Schedule => () => lr;

export function warmupCosine(lr: number, warmupSteps: number, totalSteps: number, minLr = 0): Schedule {
  return (step) => {
    if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
    if (step >= totalSteps) return minLr;
    const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
  };
}

export const stepDecay = (lr: number, every: number, factor: number): Schedule => (step) => lr * factor ** Math.floor(step / every);

export const exponentialDecay = (lr: number, rate: number): Schedule => (step) => lr * rate ** step;
