// A TrainingSession in this tab: a Web Worker trains on WebGPU or wasm (the one backend rule),
// posting the library's TrainingEvent; when it ends its best weights are imported into the server
// as a run, and the worker, which keeps the model, is handed to the tab-model service.
import * as api from '../api.ts';
import { splitLabelled } from '../../../../src/data/labelled.ts';
import type { GptMetric } from '../../../../src/contract/index.ts';
import type { WorkerMessage, WorkerRequest } from '../workers/gpt-worker-protocol.ts';
import { tabModel } from '../services/tab-model.svelte.ts';
import { applyEvent } from './metrics.ts';
import type { SessionListener, SessionOutcome, TrainingRequest, TrainingSession } from './training-session.ts';

type Done = Extract<WorkerMessage, { type: 'done' }>;

export class WorkerSession implements TrainingSession {
  readonly place = 'browser';
  private worker: Worker | null = null;
  private backendLabel = '';
  private metrics: GptMetric[] = [];
  private stopAsked = false;

  constructor(private readonly request: TrainingRequest) {}

  async run(on: SessionListener): Promise<SessionOutcome> {
    const { corpusId, tokenizer = 'char', model = { preset: 'baby' }, train = {}, backend = 'auto' } = this.request;
    const corpus = (await api.listCorpora()).find((c) => c.id === corpusId);
    if (!corpus) throw new Error(`no corpus with id "${corpusId}"`);
    const [raw, tokenizerJson] = await Promise.all([api.corpusText(corpusId), tokenizer === 'char' ? null : api.tokenizerJson(tokenizer)]);
    const text = corpus.kind === 'labelled' ? splitLabelled(raw).texts : raw;
    const worker = new Worker(new URL('../workers/gpt-train.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    try {
      const done = await new Promise<Done>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.onMessage(e.data, on, resolve, reject);
        worker.onerror = (e) => reject(new Error(e.message || 'the training worker failed to start'));
        this.post({ type: 'train', text, tokenizerJson, model, train, backend });
        if (this.stopAsked) this.post({ type: 'stop' }); // asked while the corpus was loading
      });
      const runId = await this.save(done);
      tabModel.adopt(worker);
      this.worker = null;
      return { runId, stopped: done.stopped };
    } finally {
      this.worker?.terminate();
      this.worker = null;
    }
  }

  private onMessage(m: WorkerMessage, on: SessionListener, resolve: (d: Done) => void, reject: (e: Error) => void): void {
    if (m.type === 'backend') {
      this.backendLabel = m.label;
      if (m.fallback) on.note(`Not on WebGPU: ${m.fallback}. Training with the wasm SIMD backend on the CPU instead (choose backend webgpu to use it anyway).`);
    } else if (m.type === 'event') {
      this.metrics = applyEvent(this.metrics, m.event);
      on.event(m.event);
    } else if (m.type === 'done') resolve(m);
    else if (m.type === 'error') reject(new Error(m.message));
  }

  /** Imports the run into the server (GPT-2 folder as base64, recipe, metric series); returns its id. */
  private async save(done: Done): Promise<string> {
    const files = Object.fromEntries(Object.entries(done.files).map(([name, bytes]) => [name, api.base64(bytes)]));
    const { name, corpusId, tokenizer = 'char' } = this.request;
    try {
      const { run } = await api.importGptRun({
        name, corpusId, tokenizer, backend: `this browser: ${this.backendLabel}`, train: done.train, metrics: this.metrics,
        files: files as { 'config.json': string; 'model.safetensors': string; 'tokenizer.json': string },
      });
      return run.id;
    } catch (err) {
      throw new Error(`the run could not be saved on the server: ${(err as Error).message}`);
    }
  }

  private post(req: WorkerRequest): void {
    this.worker?.postMessage(req);
  }

  async stop(): Promise<void> {
    this.stopAsked = true;
    this.post({ type: 'stop' });
  }
}
