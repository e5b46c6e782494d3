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
