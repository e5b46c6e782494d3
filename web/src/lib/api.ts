// The one typed client of the workbench API; every page talks to the server through it.
// Non-2xx answers carry JSON `{ error }`, thrown as ApiError with the server's message verbatim.

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
