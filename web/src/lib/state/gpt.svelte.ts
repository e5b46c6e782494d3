// State of the GPT page: the run configuration, one live run — in this browser (a Web Worker on
// WebGPU) or on the server (a job followed over SSE) — with its metric series, ETA and samples,
// the runs table with curve overlays, and generation. Browser runs are saved to the server when
// they end, so they appear in the runs table and on the Attention page.
import * as api from '../api.ts';
import type { WorkerMessage, WorkerRequest } from '../workers/gpt-train.worker.ts';

export type Place = 'browser' | 'server';
export type SortKey = 'createdAt' | 'name' | 'bestValLoss' | 'stepsDone' | 'parameters';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export class GptState {
  corpora = $state<api.CorpusSummary[]>([]);
  tokenizers = $state<api.TokenizerSummary[]>([]);
  runs = $state<api.GptRunSummary[]>([]);
  presets = $state<Record<string, Omit<api.GptModelConfig, 'vocabSize'>>>({});

  name = $state('my gpt');
  corpusId = $state('');
  tokenizer = $state('char');
  preset = $state<'baby' | 'small' | 'gpt2'>('baby');
  nLayer = $state(4);
  nHead = $state(4);
  nEmbd = $state(128);
  contextLength = $state(64);
  dropout = $state(0);
  lnPlacement = $state<'pre' | 'post'>('pre');
  positions = $state<'learned' | 'sinusoidal'>('learned');
  steps = $state(500);
  batchSize = $state(12);
  lr = $state(1e-3);
  schedule = $state<api.GptTrainConfig['schedule']>('cosine');
  warmupSteps = $state(50);
  evalEvery = $state(100);
  place = $state<Place>('browser');

  running = $state(false);
  live = $state<api.GptMetric[]>([]);
  liveName = $state('');
  backendLabel = $state('');
  parameters = $state(0);
  totalSteps = $state(0);
  sample = $state('');
  error = $state('');
  note = $state('');
  serverRunId = $state<string | null>(null);
  tabModel = $state(false);

  sortKey = $state<SortKey>('createdAt');
  overlay = $state<string[]>([]);
  overlayMetrics = $state<Record<string, api.GptMetric[]>>({});

  private worker: Worker | null = null;
  private stopFollowing: (() => void) | null = null;
  private startedAt = 0;
  private pending: ((m: WorkerMessage) => void) | null = null;

  eta = $derived.by(() => {
    const last = this.live.at(-1);
    if (!this.running || !last || last.step === 0) return '';
    const msPerStep = (performance.now() - this.startedAt) / Math.max(1, this.live.length);
    const s = Math.round(((this.totalSteps - last.step) * msPerStep) / 1000);
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
  });

  sortedRuns = $derived.by(() => {
    const k = this.sortKey;
    const v = (r: api.GptRunSummary) => r[k] ?? Infinity;
    return [...this.runs].sort((a, b) => (k === 'createdAt' ? (v(b) > v(a) ? 1 : -1) : v(a) > v(b) ? 1 : v(a) < v(b) ? -1 : 0));
  });

  async load(): Promise<void> {
    try {
      const [corpora, tokenizers, runs, presets] = await Promise.all([api.listCorpora(), api.listTokenizers(), api.listGptRuns(), api.gptPresets()]);
      this.corpora = corpora.filter((c) => c.bytes > 1000);
      this.tokenizers = tokenizers;
      this.runs = runs;
      this.presets = presets.presets;
      if (!this.corpusId) this.corpusId = this.corpora.find((c) => c.id === 'brown')?.id ?? this.corpora[0]?.id ?? '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  applyPreset(name: 'baby' | 'small' | 'gpt2'): void {
    const p = this.presets[name];
    this.preset = name;
    if (!p) return;
    [this.nLayer, this.nHead, this.nEmbd, this.contextLength] = [p.nLayer, p.nHead, p.nEmbd, p.contextLength];
  }

  private modelRequest(): api.GptModelRequest {
    return { preset: this.preset, nLayer: this.nLayer, nHead: this.nHead, nEmbd: this.nEmbd, contextLength: this.contextLength, dropout: this.dropout, lnPlacement: this.lnPlacement, positions: this.positions };
  }

  private trainRequest(): Partial<api.GptTrainConfig> {
    return { steps: this.steps, batchSize: this.batchSize, lr: this.lr, minLr: this.lr / 10, schedule: this.schedule, warmupSteps: Math.min(this.warmupSteps, this.steps), evalEvery: this.evalEvery, evalBatches: 4, sampleTokens: 120 };
  }

  private begin(): void {
    this.running = true;
    this.error = '';
    this.note = '';
    this.live = [];
    this.sample = '';
    this.liveName = this.name;
    this.totalSteps = this.steps;
    this.startedAt = performance.now();
  }

  private onMetric(m: api.GptMetric): void {
    const last = this.live.at(-1);
    if (last && last.step === m.step) this.live = [...this.live.slice(0, -1), { ...last, ...m }];
    else this.live = [...this.live, m];
    if (m.sample) this.sample = m.sample;
  }

  async start(): Promise<void> {
    if (this.nEmbd % this.nHead !== 0) {
      this.error = `the width (${this.nEmbd}) must be divisible by the number of heads (${this.nHead})`;
      return;
    }
    this.begin();
    try {
      if (this.place === 'server') await this.startServer();
      else await this.startBrowser();
    } catch (err) {
      this.error = (err as Error).message;
      this.running = false;
    }
  }

  private async startServer(): Promise<void> {
    const { run, job } = await api.startGptRun({ name: this.name, corpusId: this.corpusId, tokenizer: this.tokenizer, model: this.modelRequest(), train: this.trainRequest() });
    this.serverRunId = run.id;
    this.follow(job.id);
    await this.refreshRuns();
  }

  private follow(jobId: string): void {
    this.stopFollowing?.();
    this.stopFollowing = api.followJob(jobId, {
      progress: (p) => {
        const m = p as api.GptProgress;
        if (m.kind === 'start') {
          this.backendLabel = `server: ${m.backend}`;
          this.parameters = m.parameters;
          this.totalSteps = m.steps;
        } else this.onMetric(m);
      },
      done: () => void this.finish(),
      failed: (e) => {
        if (e !== 'stopped') this.error = e;
        void this.finish();
      },
    });
  }

  private async finish(): Promise<void> {
    this.running = false;
    await this.refreshRuns();
  }

  private async startBrowser(): Promise<void> {
    const corpus = this.corpora.find((c) => c.id === this.corpusId);
    if (!corpus) throw new Error('choose a corpus');
    const [text, tokenizerJson] = await Promise.all([api.corpusText(corpus.id), this.tokenizer === 'char' ? Promise.resolve(null) : api.tokenizerJson(this.tokenizer)]);
    const presets = await api.gptPresets();
    const model = { ...presets.presets[this.preset]!, nLayer: this.nLayer, nHead: this.nHead, nEmbd: this.nEmbd, contextLength: this.contextLength, dropout: this.dropout, lnPlacement: this.lnPlacement, positions: this.positions };
    const train = { ...presets.train, ...this.trainRequest() } as api.GptTrainConfig;
    this.worker ??= new Worker(new URL('../workers/gpt-train.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.onWorker(e.data, corpus.id, train);
    this.post({ type: 'start', text, labelled: corpus.kind === 'labelled', tokenizerJson, model, train });
  }

  private post(req: WorkerRequest): void {
    this.worker!.postMessage(req);
  }

  private onWorker(m: WorkerMessage, corpusId: string, train: api.GptTrainConfig): void {
    if (m.type === 'start') {
      this.backendLabel = `this browser: ${m.backend}`;
      this.parameters = m.parameters;
      if (m.backend.startsWith('wasm')) this.note = 'No WebGPU adapter in this browser: training on the CPU with the wasm SIMD backend instead.';
    } else if (m.type === 'step') this.onMetric(m);
    else if (m.type === 'eval') this.onMetric({ step: m.step, valLoss: m.valLoss, bitsPerByte: m.bitsPerByte, sample: m.sample });
    else if (m.type === 'done') {
      this.tabModel = true;
      void this.saveBrowserRun(m, corpusId, train);
    } else if (m.type === 'error') {
      if (this.pending) this.pending(m);
      else {
        this.error = m.message;
        this.running = false;
      }
    } else this.pending?.(m);
  }

  private async saveBrowserRun(m: Extract<WorkerMessage, { type: 'done' }>, corpusId: string, train: api.GptTrainConfig): Promise<void> {
    try {
      const files = Object.fromEntries(Object.entries(m.files).map(([n, b]) => [n, base64(b)]));
      const { run } = await api.importGptRun({ name: this.liveName, corpusId, tokenizer: this.tokenizer, backend: this.backendLabel, train: { ...train, steps: this.live.at(-1)?.step ?? train.steps }, metrics: this.live, files });
      this.serverRunId = run.id;
    } catch (err) {
      this.error = `the run could not be saved on the server: ${(err as Error).message}`;
    }
    await this.finish();
  }

  stop(): void {
    if (this.place === 'browser' && this.worker) this.post({ type: 'stop' });
    else if (this.serverRunId) api.stopGptRun(this.serverRunId).catch((e: Error) => (this.error = e.message));
  }

  async resume(id: string): Promise<void> {
    try {
      const run = this.runs.find((r) => r.id === id)!;
      const { job } = await api.resumeGptRun(id);
      this.begin();
      this.liveName = run.name;
      this.totalSteps = run.train.steps;
      this.serverRunId = id;
      this.place = 'server';
      this.live = (await api.getGptRun(id)).metrics;
      this.follow(job.id);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async refreshRuns(): Promise<void> {
    this.runs = await api.listGptRuns();
  }

  async remove(id: string): Promise<void> {
    try {
      await api.deleteGptRun(id);
      this.overlay = this.overlay.filter((o) => o !== id);
      await this.refreshRuns();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async toggleOverlay(id: string): Promise<void> {
    if (this.overlay.includes(id)) this.overlay = this.overlay.filter((o) => o !== id);
    else {
      this.overlayMetrics = { ...this.overlayMetrics, [id]: (await api.getGptRun(id)).metrics };
      this.overlay = [...this.overlay, id];
    }
  }

  /** Asks this tab's worker (the model trained here) and waits for its answer. */
  askTab<T extends WorkerMessage>(req: WorkerRequest): Promise<T> {
    return new Promise((resolve, reject) => {
      this.pending = (m) => {
        this.pending = null;
        if (m.type === 'error') reject(new Error(m.message));
        else resolve(m as T);
      };
      this.post(req);
    });
  }
}

/** One instance for the app: the Attention page uses the model trained in this tab too. */
export const gpt = new GptState();
