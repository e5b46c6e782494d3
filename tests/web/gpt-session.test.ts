// The GPT page's live-run state (gpt-session.svelte.ts) and the metric series it builds
// (training/metrics.ts): driven here by a scripted TrainingSession that emits the library's
// TrainingEvent as a worker or a server job would, with no browser and no worker.
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../src/contract/index.ts';
import { applyEvent, eta, lastEval } from '../../web/src/lib/training/metrics.ts';
import { GptSessionState } from '../../web/src/lib/state/gpt-session.svelte.ts';
import type { SessionListener, SessionOutcome, TrainingSession } from '../../web/src/lib/training/training-session.ts';

const start: TrainingEvent = { kind: 'start', backend: 'wasm (SIMD on the CPU)', parameters: 1234, stepsDone: 0, steps: 4, vocabSize: 50 };
const step = (s: number, loss: number): TrainingEvent => ({ kind: 'step', step: s, steps: 4, loss, lr: 0.01, tokensPerSec: 100, msPerStep: 5 });
const evaluation = (s: number, valLoss: number): TrainingEvent => ({
  kind: 'eval', step: s, valLoss, perplexity: Math.exp(valLoss), bitsPerByte: 1, improved: true, sample: `sample ${s}`, bestValLoss: valLoss,
});

/** A session that plays events, then waits: for stop() (ends stopped) or to be finished by the test. */
class ScriptedSession implements TrainingSession {
  readonly place = 'browser';
  stops = 0;
  private end: ((o: SessionOutcome) => void) | null = null;
  private fail: ((e: Error) => void) | null = null;
  constructor(private readonly events: TrainingEvent[]) {}
  run(on: SessionListener): Promise<SessionOutcome> {
    on.note('a note');
    for (const e of this.events) on.event(e);
    return new Promise((resolve, reject) => [this.end, this.fail] = [resolve, reject]);
  }
  finish(): void {
    this.end!({ runId: 'gpt-1', stopped: false });
  }
  crash(message: string): void {
    this.fail!(new Error(message));
  }
  async stop(): Promise<void> {
    this.stops++;
    this.end!({ runId: 'gpt-1', stopped: true });
  }
}

describe('metric series from training events', () => {
  it('merges a step and its evaluation into one row, in step order', () => {
    let series = [start, step(1, 4), step(2, 3.5), evaluation(2, 3.6), step(3, 3)].reduce(applyEvent, []);
    expect(series.map((m) => m.step)).toEqual([1, 2, 3]);
    expect(series[1]).toEqual({ step: 2, loss: 3.5, lr: 0.01, tokensPerSec: 100, msPerStep: 5, valLoss: 3.6, bitsPerByte: 1, sample: 'sample 2' });
    expect(lastEval(series)?.step).toBe(2);
    const before = series;
    series = applyEvent(series, { kind: 'checkpoint', step: 3 });
    expect(series).toBe(before);
  });

  it('gives the time left from the pace since the session started', () => {
    expect(eta(10, 0, 110, 1000)).toBe('10 s');
    expect(eta(60, 50, 170, 10_000)).toBe('1 min 50 s'); // 10 steps in 10 s, 110 to go
    expect(eta(0, 0, 100, 1000)).toBe('');
    expect(eta(100, 0, 100, 1000)).toBe('');
  });
});

describe('GPT session state', () => {
  it('shows what the events say while it runs, and the run it saved', async () => {
    const state = new GptSessionState();
    const session = new ScriptedSession([start, step(1, 4), step(2, 3), evaluation(2, 3.2)]);
    const ended = state.run(session, 'tiny', 4);
    expect(state.running).toBe(true);
    expect(state.backend).toBe('this browser: wasm (SIMD on the CPU)');
    expect(state.parameters).toBe(1234);
    expect(state.note).toBe('a note');
    expect(state.live.map((m) => m.step)).toEqual([1, 2]);
    expect(state.last?.loss).toBe(3);
    expect(state.sample).toBe('sample 2');
    session.finish();
    expect(await ended).toEqual({ runId: 'gpt-1', stopped: false });
    expect([state.running, state.runId, state.error]).toEqual([false, 'gpt-1', '']);
  });

  it('stops through the session and keeps the series; a failure becomes the error text', async () => {
    const state = new GptSessionState();
    const s1 = new ScriptedSession([start, step(1, 4)]);
    const ended = state.run(s1, 'a', 4, { history: [{ step: 0, loss: 5 }] });
    expect(state.live.map((m) => m.step)).toEqual([0, 1]);
    await state.stop();
    expect(s1.stops).toBe(1);
    expect((await ended)?.stopped).toBe(true);
    expect(state.live).toHaveLength(2);

    const s2 = new ScriptedSession([start]);
    const failed = state.run(s2, 'b', 4);
    expect(state.live).toEqual([]);
    s2.crash('out of memory');
    expect(await failed).toBeNull();
    expect([state.running, state.error]).toEqual([false, 'out of memory']);
  });
});
