// The one interface the GPT page trains through, whatever the place: a Web Worker in this tab
// (worker-session.ts) or a server job followed over SSE (server-session.ts). Both report the
// library's one progress event (TrainingEvent) and end with a run saved on the server.
import type { StartGptRunRequest, TrainingEvent } from '../../../../src/contract/index.ts';

export type Place = 'browser' | 'server';

/** One request for both places: the server's start body (the worker resolves it the same way). */
export type TrainingRequest = StartGptRunRequest;

export interface SessionListener {
  /** Every progress event, in order. */
  event(e: TrainingEvent): void;
  /** Something the user should know about where it runs (e.g. why WebGPU was not taken). */
  note(text: string): void;
}

export interface SessionOutcome {
  /** The saved run (browser runs are imported into the server when they end). */
  runId: string;
  /** Ended by stop() (what it learned so far is kept). */
  stopped: boolean;
}

export interface TrainingSession {
  readonly place: Place;
  /** Trains; resolves once the run is saved on the server, rejects with the reason it failed. */
  run(on: SessionListener): Promise<SessionOutcome>;
  /** Asks it to end at the next step; run() then resolves with `stopped`. */
  stop(): Promise<void>;
}
