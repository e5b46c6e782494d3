// The one typed client of the workbench API; every page talks to the server through it.
// Non-2xx answers carry JSON `{ error }`, thrown as ApiError with the server's message verbatim.
import type { GptConfig as GptModelConfig } from '../../../src/models/gpt/config.ts';
import type { GptTrainConfig } from '../../../src/training/gpt-train-config.ts';

export interface LabelCount { label: string; count: number }
export interface WordCount { word: string; count: number }

export interface CorpusSummary {
  id: string;
  name: string;
  source: 'bundled' | 'user';
  kind: 'text' | 'labelled';
  description: string;
  bytes: number;
  lines: number;
  words: number;
  uniqueWords: number;
  labels: LabelCount[];
  createdAt: string;
}

export interface CorpusDetail extends CorpusSummary {
  topWords: WordCount[];
  preview: string;
}

export interface AdapterInfo { vendor: string; architecture: string; device: string; description: string }

export type Backend =
  | { name: 'cpu'; available: true }
  | { name: 'webgpu'; available: boolean; adapter?: AdapterInfo; driver?: 'system' | 'swiftshader'; error?: string };

export interface Health {
  name: string;
  version: string;
  uptimeSeconds: number;
  node: string;
  backends: Backend[];
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: string };
    if (body.error) message = body.error;
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(res.status, message);
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  if (!res.ok) throw await errorOf(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const health = () => request<Health>('/api/health');
export const listCorpora = async () => (await request<{ corpora: CorpusSummary[] }>('/api/corpora')).corpora;
export const getCorpus = (id: string) => request<CorpusDetail>(`/api/corpora/${encodeURIComponent(id)}`);
export const deleteCorpus = (id: string) => request<void>(`/api/corpora/${encodeURIComponent(id)}`, { method: 'DELETE' });

/** Multipart upload through XMLHttpRequest, the one browser API that reports upload progress. */
export function uploadCorpus(file: File, name: string | undefined, onProgress: (fraction: number) => void): Promise<CorpusSummary> {
  const form = new FormData();
  form.append('file', file);
  if (name) form.append('name', name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/corpora');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'upload failed: the server could not be reached'));
    xhr.onload = () => {
      let body: { error?: string } & Partial<CorpusSummary> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        /* handled below */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as CorpusSummary);
      else reject(new ApiError(xhr.status, body.error ?? `${xhr.status} ${xhr.statusText}`));
    };
    xhr.send(form);
  });
}

export interface TokenizerSummary {
  id: string;
  name: string;
  builtin: boolean;
  mode: 'byte' | 'word';
  vocabSize: number;
  merges: number;
  corpusId: string | null;
  stats: { charsPerToken?: number; seconds?: number };
  createdAt: string | null;
}

export interface Job {
  id: string;
  kind: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  progress: unknown;
  result: unknown;
  error: string | null;
}

export interface TrainRequest {
  name: string;
  corpusId: string;
  mode: 'byte' | 'word';
  vocabSize?: number;
  merges?: number;
  specialTokens?: string[];
}

const postJson = <T>(path: string, body: unknown) =>
  request<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const listTokenizers = async () => (await request<{ tokenizers: TokenizerSummary[] }>('/api/tokenizers')).tokenizers;
export const trainTokenizer = (body: TrainRequest) => postJson<Job>('/api/tokenizers', body);
export const deleteTokenizer = (id: string) => request<void>(`/api/tokenizers/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const cancelJob = (id: string) => postJson<Job>(`/api/jobs/${encodeURIComponent(id)}/cancel`, {});

export async function tokenizerJson(id: string): Promise<string> {
  const res = await fetch(`/api/tokenizers/${encodeURIComponent(id)}/tokenizer.json`);
  if (!res.ok) throw await errorOf(res);
  return res.text();
}

export interface JobHandlers {
  progress(p: unknown): void;
  done(result: unknown): void;
  failed(error: string): void;
}

/** Follows a job over Server-Sent Events until it ends; returns a function that stops listening. */
export function followJob(id: string, on: JobHandlers): () => void {
  const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
  const data = (e: MessageEvent) => JSON.parse(e.data as string) as Record<string, unknown>;
  source.addEventListener('progress', (e) => on.progress(data(e).progress));
  source.addEventListener('done', (e) => {
    source.close();
    on.done(data(e).result);
  });
  source.addEventListener('failed', (e) => {
    source.close();
    on.failed(String(data(e).error));
  });
  source.addEventListener('cancelled', () => {
    source.close();
    on.failed('stopped');
  });
  source.addEventListener('state', (e) => {
    const job = data(e) as unknown as Job;
    if (job.status === 'done') on.done(job.result);
    if (job.status === 'failed') on.failed(job.error ?? 'failed');
    if (job.status !== 'running') source.close();
  });
  return () => source.close();
}

export const corpusText = async (id: string): Promise<string> => {
  const res = await fetch(`/api/corpora/${encodeURIComponent(id)}/text`);
  if (!res.ok) throw await errorOf(res);
  return res.text();
};

/** The model and training configurations are the library's own types (web may import src/, not server/). */
export type { GptConfig as GptModelConfig } from '../../../src/models/gpt/config.ts';

export type { GptTrainConfig } from '../../../src/training/gpt-train-config.ts';

export type GptRunStatus = 'running' | 'stopped' | 'interrupted' | 'done' | 'failed';

export interface GptRunSummary {
  id: string; name: string; corpusId: string; tokenizer: string; place: 'server' | 'browser'; status: GptRunStatus;
  model: GptModelConfig; train: GptTrainConfig; backend: string; parameters: number; stepsDone: number;
  bestValLoss: number | null; jobId: string | null; error: string | null; resumable: boolean; createdAt: string; updatedAt: string;
}

export interface GptMetric {
  step: number; loss?: number | null; lr?: number | null; tokensPerSec?: number | null; msPerStep?: number | null;
  valLoss?: number | null; bitsPerByte?: number | null; sample?: string | null;
}

export type GptProgress =
  | { kind: 'start'; backend: string; parameters: number; stepsDone: number; steps: number; vocabSize: number }
  | { kind: 'step'; step: number; steps: number; loss: number; lr: number; tokensPerSec: number; msPerStep: number }
  | { kind: 'eval'; step: number; valLoss: number; perplexity: number; bitsPerByte: number; improved: boolean; sample: string; bestValLoss: number | null };

export interface GptModelRequest {
  preset: 'baby' | 'small' | 'gpt2';
  nLayer?: number; nHead?: number; nEmbd?: number; contextLength?: number; dropout?: number;
  lnPlacement?: 'pre' | 'post'; positions?: 'learned' | 'sinusoidal';
}

export interface SampleRequest { prompt: string; maxNewTokens: number; temperature: number; topK?: number; topP?: number; seed: number }

export interface AttentionResult { tokens: string[]; layers: number; heads: number; maps: number[][][]; step?: number }

export const gptPresets = () => request<{ presets: Record<string, Omit<GptModelConfig, 'vocabSize'>>; train: GptTrainConfig }>('/api/gpt/presets');
export const listGptRuns = async () => (await request<{ runs: GptRunSummary[] }>('/api/gpt/runs')).runs;
export const getGptRun = (id: string) => request<{ run: GptRunSummary; metrics: GptMetric[] }>(`/api/gpt/runs/${encodeURIComponent(id)}`);
export const startGptRun = (body: { name: string; corpusId: string; tokenizer: string; model: GptModelRequest; train: Partial<GptTrainConfig>; backend?: string }) =>
  postJson<{ run: GptRunSummary; job: Job }>('/api/gpt/runs', body);
export const stopGptRun = (id: string) => postJson<{ run: GptRunSummary }>(`/api/gpt/runs/${encodeURIComponent(id)}/stop`, {});
export const resumeGptRun = (id: string) => postJson<{ run: GptRunSummary; job: Job }>(`/api/gpt/runs/${encodeURIComponent(id)}/resume`, {});
export const deleteGptRun = (id: string) => request<void>(`/api/gpt/runs/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const sampleGptRun = (id: string, body: SampleRequest) => postJson<{ text: string; ids: number[] }>(`/api/gpt/runs/${encodeURIComponent(id)}/sample`, body);
export const gptAttention = (id: string, text: string) => postJson<AttentionResult>(`/api/gpt/runs/${encodeURIComponent(id)}/attention`, { text });
export const gptDownloadUrl = (id: string) => `/api/gpt/runs/${encodeURIComponent(id)}/download`;
export const importGptRun = (body: { name: string; corpusId: string; tokenizer: string; backend: string; train: GptTrainConfig; metrics: GptMetric[]; files: Record<string, string> }) =>
  postJson<{ run: GptRunSummary }>('/api/gpt/runs/import', body);

export interface VectorsSummary {
  id: string; name: string; corpusId: string; vocabSize: number; dim: number; createdAt: string;
  config: { arch?: 'sg' | 'cbow'; loss?: 'ns' | 'hs'; dim?: number; window?: number; epochs?: number; threads?: number };
  stats: { seconds?: number; effectiveWordsPerSec?: number; lossPerEpoch?: number[] };
}
export interface Word2VecRequest { name: string; corpusId: string; arch: 'sg' | 'cbow'; loss: 'ns' | 'hs'; dim: number; window: number; negative: number; minCount: number; sample: number; epochs: number }
export interface Word2VecProgress { epoch: number; fraction: number; wordsPerSec: number; effectiveWordsPerSec: number; loss: number }
export interface Neighbour { word: string; score: number }
export interface TopWords { words: string[]; dim: number; pca: number[]; vectors: number[] }

export const listVectors = async () => (await request<{ vectors: VectorsSummary[] }>('/api/embeddings/vectors')).vectors;
export const trainVectors = (body: Word2VecRequest) => postJson<Job>('/api/embeddings/vectors', body);
export const deleteVectors = (id: string) => request<void>(`/api/embeddings/vectors/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const similarWords = async (id: string, word: string, topn = 10) => (await postJson<{ neighbours: Neighbour[] }>(`/api/embeddings/vectors/${encodeURIComponent(id)}/similar`, { word, topn })).neighbours;
export const analogy = async (id: string, a: string, b: string, c: string, method: 'add' | 'mul') =>
  (await postJson<{ answers: Neighbour[] }>(`/api/embeddings/vectors/${encodeURIComponent(id)}/analogy`, { a, b, c, method })).answers;
export const topWords = (id: string, n: number) => request<TopWords>(`/api/embeddings/vectors/${encodeURIComponent(id)}/top?n=${n}`);
export const vectorsDownloadUrl = (id: string, format: 'bin' | 'txt') => `/api/embeddings/vectors/${encodeURIComponent(id)}/download?format=${format}`;
export const importVectors = (body: { name: string; corpusId: string; config: Record<string, unknown>; stats: VectorsSummary['stats']; bin: string }) =>
  postJson<VectorsSummary>('/api/embeddings/vectors/import', body);
export const stopVectorsJob = (jobId: string) => postJson<Job>(`/api/embeddings/jobs/${encodeURIComponent(jobId)}/stop`, {});
