// The Classifier page's side of its training worker: start a run on labelled texts, follow its
// events, stop it, and ask the model kept in the worker to classify a text (answers by id).
// Reference: ../workers/encoder-protocol.ts.
import type { BackendChoice } from '../../../../src/contract/gpt.ts';
import type { ClassifyResponse, EncoderSessionEvent, EncoderSessionResult, EncoderTrainRequest } from '../../../../src/contract/encoder.ts';
import type { EncoderWorkerMessage, EncoderWorkerRequest } from '../workers/encoder-protocol.ts';

export interface BrowserHandlers {
  backend(label: string, fallback: string | null): void;
  event(e: EncoderSessionEvent): void;
  done(result: EncoderSessionResult, labels: string[], parameters: number): void;
  failed(message: string): void;
}

export class BrowserEncoder {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(r: ClassifyResponse): void; reject(e: Error): void }>();

  constructor(texts: string[], labels: string[], train: EncoderTrainRequest, backend: BackendChoice, on: BrowserHandlers) {
    this.worker = new Worker(new URL('../workers/encoder-train.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<EncoderWorkerMessage>) => {
      const m = e.data;
      if (m.type === 'backend') on.backend(m.label, m.fallback);
      else if (m.type === 'event') on.event(m.event);
      else if (m.type === 'done') on.done(m.result, m.labels, m.parameters);
      else if (m.type === 'error') on.failed(m.message);
      else if (m.type === 'classified') this.settle(m.id)?.resolve(m.result);
      else this.settle(m.id)?.reject(new Error(m.message));
    };
    this.post({ type: 'train', texts, labels, train, backend });
  }

  private settle(id: number) {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    return w;
  }

  private post(m: EncoderWorkerRequest): void {
    this.worker.postMessage(m);
  }

  stop(): void {
    this.post({ type: 'stop' });
  }

  classify(text: string): Promise<ClassifyResponse> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ type: 'classify', id, text });
    });
  }

  dispose(): void {
    this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new Error('the training worker was closed'));
    this.waiting.clear();
  }
}
