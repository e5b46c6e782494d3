// State of the Embeddings page: the training form (on the server, or in this browser in one Web
// Worker, then saved to the server), its live progress (words/s, loss) and stop button, the
// stored vector sets, the chosen set's top words projected to 2-D (PCA from the server, or UMAP
// computed here with umap-js), the searched word and its neighbours, and the analogy solver.
import { UMAP } from 'umap-js';
import * as api from '../api.ts';
import { defaultWord2VecConfig, type TrainVectorsRequest, type Word2VecConfigRequest } from '../../../../src/contract/index.ts';
import type { W2vWorkerMessage, W2vWorkerRequest } from '../workers/word2vec.worker.ts';

/** Settings a user may leave empty: the library's rule then fills them (what the placeholder says). */
export const W2V_AUTO_FIELDS = { alpha: '0.025 sg, 0.05 cbow', minAlpha: 'alpha × 1e-4' } as const;
type W2vForm = { name: string; corpusId: string } & { [K in keyof Required<Word2VecConfigRequest>]: Required<Word2VecConfigRequest>[K] | null };

/** The form's request: empty settings are left out (the library's defaults and rules fill them). */
export function vectorsRequest(form: W2vForm): TrainVectorsRequest {
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== null)) as TrainVectorsRequest;
}

export class EmbeddingsState {
  corpora = $state<api.CorpusSummary[]>([]);
  sets = $state<api.VectorsSummary[]>([]);
  form = $state<W2vForm>({ name: 'brown vectors', corpusId: '', ...defaultWord2VecConfig, alpha: null, minAlpha: null });
  training = $state(false);
  /** 'server': a job with Hogwild threads; 'browser': one Web Worker here, then saved to the server. */
  place = $state<'server' | 'browser'>('server');
  progress = $state<api.Word2VecProgress[]>([]);
  /** Where the running training runs: "server, N threads" or the browser worker's kernel. */
  runningOn = $state('');
  stopping = $state(false);
  error = $state('');
  private jobId = '';
  private worker: Worker | null = null;

  selected = $state('');
  topN = $state(300);
  projection = $state<'pca' | 'umap'>('pca');
  words = $state<string[]>([]);
  points = $state<{ x: number; y: number }[]>([]);
  query = $state('');
  neighbours = $state<api.Neighbour[]>([]);
  analogyInput = $state({ a: 'man', b: 'woman', c: 'king', method: 'add' as 'add' | 'mul' });
  analogyAnswers = $state<api.Neighbour[]>([]);
  busy = $state(false);
  private top: api.TopWords | null = null;

  /** Why the chosen set is likely useless (recorded when it was trained). */
  warnings = $derived(this.sets.find((s) => s.id === this.selected)?.stats.warnings ?? []);
  highlighted = $derived(new Set([this.query, ...this.neighbours.map((n) => n.word)].filter(Boolean)));

  async load(): Promise<void> {
    try {
      [this.corpora, this.sets] = await Promise.all([api.listCorpora(), api.listVectors()]);
      this.corpora = this.corpora.filter((c) => c.kind === 'text');
      if (!this.form.corpusId) this.form.corpusId = this.corpora.find((c) => c.id === 'brown')?.id ?? this.corpora[0]?.id ?? '';
      if (!this.selected && this.sets[0]) await this.select(this.sets[0].id);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async train(): Promise<void> {
    this.error = '';
    this.progress = [];
    this.stopping = false;
    if (this.place === 'browser') return this.trainHere();
    try {
      const { job } = await api.trainVectors(vectorsRequest($state.snapshot(this.form)));
      [this.jobId, this.runningOn] = [job.id, 'the server (Hogwild threads)'];
      this.training = true;
      api.followJob<'word2vec.train'>(job.id, {
        progress: (events) => (this.progress = [...this.progress, ...events]),
        done: (r) => {
          this.training = false;
          void this.load().then(() => this.select(r.vectors.id));
        },
        failed: (e) => {
          this.training = false;
          this.error = e;
        },
        cancelled: () => (this.training = false),
      });
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async trainHere(): Promise<void> {
    this.training = true;
    try {
      const text = await api.corpusText(this.form.corpusId);
      const worker = new Worker(new URL('../workers/word2vec.worker.ts', import.meta.url), { type: 'module' });
      this.worker = worker;
      const { name, corpusId, ...config } = vectorsRequest($state.snapshot(this.form));
      const done = await new Promise<Extract<W2vWorkerMessage, { type: 'done' }>>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<W2vWorkerMessage>) => {
          const m = e.data;
          if (m.type === 'start') this.runningOn = `this browser (${m.kernel})`;
          else if (m.type === 'progress') this.progress = [...this.progress, m.progress];
          else if (m.type === 'done') resolve(m);
          else reject(new Error(m.message));
        };
        worker.postMessage({ type: 'start', text, config } satisfies W2vWorkerRequest);
      });
      worker.terminate();
      this.worker = null;
      const stats = { seconds: done.seconds, lossPerEpoch: done.lossPerEpoch, ...(done.warnings.length ? { warnings: done.warnings } : {}) };
      const saved = await api.importVectors({ name, corpusId, config: { ...config, threads: 1 }, stats, bin: api.base64(done.bin) });
      await this.load();
      await this.select(saved.id);
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.worker?.terminate();
      this.worker = null;
      this.training = false;
    }
  }

  /** Ends training early; what was learned so far is kept and saved as a set. */
  async stop(): Promise<void> {
    this.stopping = true;
    try {
      if (this.worker) this.worker.postMessage({ type: 'stop' } satisfies W2vWorkerRequest);
      else if (this.jobId) await api.stopJob(this.jobId);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async select(id: string): Promise<void> {
    this.selected = id;
    this.neighbours = [];
    this.analogyAnswers = [];
    this.top = await api.topWords(id, this.topN);
    this.words = this.top.words;
    await this.project();
  }

  async project(): Promise<void> {
    const t = this.top;
    if (!t) return;
    if (this.projection === 'pca' || t.words.length < 5) {
      this.points = t.words.map((_, i) => ({ x: t.pca[2 * i]!, y: t.pca[2 * i + 1]! }));
      return;
    }
    this.busy = true;
    const rows = t.words.map((_, i) => t.vectors.slice(i * t.dim, (i + 1) * t.dim));
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, rows.length - 1), minDist: 0.1, random });
    const xy = await umap.fitAsync(rows);
    this.points = xy.map(([x, y]) => ({ x: x!, y: y! }));
    this.busy = false;
  }

  async search(): Promise<void> {
    this.error = '';
    if (!this.query || !this.selected) return;
    try {
      this.neighbours = await api.similarWords(this.selected, this.query.trim(), 10);
    } catch (err) {
      this.neighbours = [];
      this.error = (err as Error).message;
    }
  }

  async solve(): Promise<void> {
    this.error = '';
    const { a, b, c, method } = this.analogyInput;
    try {
      this.analogyAnswers = await api.analogy(this.selected, { a: a.trim(), b: b.trim(), c: c.trim(), method });
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async remove(id: string): Promise<void> {
    await api.deleteVectors(id);
    if (this.selected === id) [this.selected, this.words, this.points] = ['', [], []];
    await this.load();
  }
}
