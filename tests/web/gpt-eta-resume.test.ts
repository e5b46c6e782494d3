// The time left of a resumed GPT run (issue 18 §2): the pace counts only the steps trained in this
// session, measured from its first step (not from the click, which includes the worker's start,
// nor from step 0), and history past the checkpoint it resumes from is redone, not counted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GptMetric, TrainingEvent } from '../../src/contract/index.ts';
import { GptSessionState } from '../../web/src/lib/state/gpt-session.svelte.ts';
import type { SessionListener, SessionOutcome, TrainingSession } from '../../web/src/lib/training/training-session.ts';

let now = 0;
afterEach(() => vi.restoreAllMocks());

const step = (s: number): TrainingEvent => ({ kind: 'step', step: s, steps: 600, loss: 2, lr: 0.01, tokensPerSec: 100, msPerStep: 1000 });

/** Plays its events one second apart (a step a second), after a start-up delay, then waits. */
class PacedSession implements TrainingSession {
  readonly place = 'server';
  constructor(private readonly startup: number, private readonly events: TrainingEvent[]) {}
  run(on: SessionListener): Promise<SessionOutcome> {
    now += this.startup;
    for (const e of this.events) {
      if (e.kind === 'step') now += 1000;
      on.event(e);
    }
    return new Promise(() => {});
  }
  async stop(): Promise<void> {}
}

const history = (to: number): GptMetric[] => Array.from({ length: to + 1 }, (_, s) => ({ step: s, loss: 3 }));
const steps = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => step(from + i));

describe('ETA after Resume', () => {
  it('counts only the steps since the resume, at their pace, ignoring the start-up time', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const state = new GptSessionState();
    const start: TrainingEvent = { kind: 'start', backend: 'wasm', parameters: 10, stepsDone: 100, steps: 600, vocabSize: 50 };
    void state.run(new PacedSession(30_000, [start, ...steps(101, 132)]), 'r', 600, { history: history(100) });
    // 31 s for steps 102…132 at one a second: 468 steps left ≈ 468 s
    expect(state.eta).toBe('7 min 48 s');
  });

  it('drops history past the checkpoint it resumes from, and needs no start event to measure', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const withStart = new GptSessionState();
    const start: TrainingEvent = { kind: 'start', backend: 'wasm', parameters: 10, stepsDone: 100, steps: 600, vocabSize: 50 };
    void withStart.run(new PacedSession(0, [start]), 'r', 600, { history: history(132) });
    expect(withStart.live.at(-1)?.step).toBe(100);
    expect(withStart.eta).toBe('');
    const missedStart = new GptSessionState();
    void missedStart.run(new PacedSession(20_000, steps(101, 111)), 'r', 600, { history: history(100) });
    expect(missedStart.eta).toBe('8 min 9 s'); // 10 steps in 10 s after the first, 489 left
  });
});
