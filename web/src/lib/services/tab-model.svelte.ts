// The GPT trained in this tab: it lives in the worker that trained it (weights on its GPU or
// wasm memory), which a WorkerSession hands over here when training ends. Questions to it
// (sample, attention) go by id, so several may be in flight. One per tab.
import type { Answer, Question, WorkerMessage, WorkerRequest } from '../workers/gpt-worker-protocol.ts';

type Pending = { resolve: (a: Answer) => void; reject: (e: Error) => void };

class TabModel {
  /** Whether a model trained in this tab can be asked. */
  available = $state(false);
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Keeps the worker that holds the newest model (the previous one is ended). */
  adopt(worker: Worker): void {
    this.worker?.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the model of this tab was replaced'));
    this.pending.clear();
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.onAnswer(e.data);
    this.available = true;
  }

  ask<T extends Answer['type']>(question: Question & { type: T }): Promise<Extract<Answer, { type: T }>> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('no model was trained in this tab yet: train one on the GPT page first'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (a) => resolve(a as Extract<Answer, { type: T }>), reject });
      worker.postMessage({ type: 'ask', id, question } satisfies WorkerRequest);
    });
  }

  private onAnswer(m: WorkerMessage): void {
    if (m.type !== 'answer' && m.type !== 'answer-error') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'answer') p?.resolve(m.answer);
    else p?.reject(new Error(m.message));
  }
}

export const tabModel = new TabModel();
