// One GPT training session: the step / evaluate / checkpoint / stop loop, written once and driven
// by the server job, the CLI and the browser worker. An async iterator of the contract's
// TrainingEvent (start, step, eval, checkpoint) whose return value says how it ended. Leaves out
// where files go (the caller's `save`) and how the loop yields (the caller's `pause`).
import type { TrainingEvent, TrainingResult } from '../contract/training.ts';
import type { GptRun } from './gpt-run.ts';

export interface SessionOptions {
  /** The backend's label for the user (the `start` event carries it). */
  backend: string;
  /** Lets other work in between steps (a stop message, a signal): the platform's macrotask. */
  pause: () => Promise<void>;
  /** Checked after each step: true ends the session early, after a last save. */
  shouldStop?: () => boolean;
  /** Persists the run (resume state, best weights); called after each evaluation and at the end. */
  save?: (run: GptRun) => Promise<void>;
  /** Also save before the first step, so a new run has files at once. */
  saveAtStart?: boolean;
}

/** Yields the run's events until its step budget is spent, early stopping fires or `shouldStop`. */
export async function* trainingSession(run: GptRun, o: SessionOptions): AsyncGenerator<TrainingEvent, TrainingResult, undefined> {
  const steps = run.train.steps;
  let savedAt = -1;
  const save = async (): Promise<TrainingEvent | null> => {
    if (!o.save || savedAt === run.stepsDone) return null;
    await o.save(run);
    savedAt = run.stepsDone;
    return { kind: 'checkpoint', step: savedAt };
  };
  yield { kind: 'start', backend: o.backend, parameters: run.model.parameterCount, stepsDone: run.stepsDone, steps, vocabSize: run.model.config.vocabSize };
  if (o.saveAtStart) {
    const saved = await save();
    if (saved) yield saved;
  }
  let stopped = false;
  while (!run.done) {
    const m = await run.step();
    yield { kind: 'step', steps, ...m };
    if (m.step % run.train.evalEvery === 0 || run.done) {
      const e = await run.evaluate();
      yield { kind: 'eval', ...e, bestValLoss: run.bestValLoss };
      const saved = await save();
      if (saved) yield saved;
    }
    await o.pause();
    if (o.shouldStop?.()) {
      stopped = !run.done;
      break;
    }
  }
  const saved = await save();
  if (saved) yield saved;
  return { stepsDone: run.stepsDone, bestValLoss: run.bestValLoss, stopped };
}

/** Drives a session to its end, handing each event to `onEvent`. */
export async function runTrainingSession(run: GptRun, o: SessionOptions, onEvent: (e: TrainingEvent) => void): Promise<TrainingResult> {
  const session = trainingSession(run, o);
  for (;;) {
    const next = await session.next();
    if (next.done) return next.value;
    onEvent(next.value);
  }
}
