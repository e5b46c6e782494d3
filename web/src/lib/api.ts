// The one typed client of the workbench API; every page talks to the server through it. Every
// type that crosses HTTP comes from the contract (src/contract), never declared here; non-2xx
// answers carry JSON `{ error }`, thrown as ApiError with the server's message verbatim.
import type { z } from 'zod';
import type * as C from '../../../src/contract/index.ts';

export type {
  AttentionResponse, CorpusDetail, CorpusSummary, GptMetric, GptRunSummary, Health, HealthBackend, Job, JobKindName,
  Neighbour, TokenizerSummary, TopWords, TrainingEvent, VectorsSummary, WordCount, Word2VecProgress,
} from '../../../src/contract/index.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as Partial<C.ErrorBody>;
    if (body.error) message = body.error;
  } catch {
    // not JSON: the status line says it
  }
  return new ApiError(res.status, message);
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  if (!res.ok) throw await errorOf(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function text(path: string): Promise<string> {
  const res = await fetch(path);
  if (!res.ok) throw await errorOf(res);
  return res.text();
}

const postJson = <T>(path: string, body: unknown) =>
  request<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const remove = (path: string) => request<void>(path, { method: 'DELETE' });
const at = (base: string, id: string, rest = '') => `${base}/${encodeURIComponent(id)}${rest}`;

export const health = () => request<C.Health>('/api/health');

export const listCorpora = async () => (await request<z.infer<typeof C.corpusListSchema>>('/api/corpora')).corpora;
export const getCorpus = (id: string) => request<C.CorpusDetail>(at('/api/corpora', id));
export const deleteCorpus = (id: string) => remove(at('/api/corpora', id));
export const corpusText = (id: string) => text(at('/api/corpora', id, '/text'));

/** Multipart upload through XMLHttpRequest, the one browser API that reports upload progress. */
export function uploadCorpus(file: File, name: string | undefined, onProgress: (fraction: number) => void): Promise<C.CorpusSummary> {
  const form = new FormData();
  form.append('file', file);
  if (name) form.append('name', name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/corpora');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'upload failed: the server could not be reached'));
    xhr.onload = () => {
      let body: Partial<C.ErrorBody & C.CorpusSummary> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: the status line says it
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as C.CorpusSummary);
      else reject(new ApiError(xhr.status, body.error ?? `${xhr.status} ${xhr.statusText}`));
    };
    xhr.send(form);
  });
}

export const listTokenizers = async () => (await request<z.infer<typeof C.tokenizerListSchema>>('/api/tokenizers')).tokenizers;
export const trainTokenizer = (body: z.input<typeof C.trainTokenizerRequestSchema>) => postJson<C.StartResponse>('/api/tokenizers', body);
export const deleteTokenizer = (id: string) => remove(at('/api/tokenizers', id));
export const tokenizerJson = (id: string) => text(at('/api/tokenizers', id, '/tokenizer.json'));

/** The one stop for every kind of job (a GPT run saves a checkpoint, word2vec keeps what it learned). */
export const stopJob = (id: string) => postJson<C.Job>(at('/api/jobs', id, '/stop'), {});
/** Resumes a stopped or interrupted job from its checkpoint (GPT runs). */
export const resumeJob = (id: string) => postJson<C.StartResponse>(at('/api/jobs', id, '/resume'), {});

export interface JobHandlers<K extends C.JobKindName> {
  /** Every report since the last call, in order (the server coalesces them). */
  progress(events: C.JobProgress<K>[]): void;
  done(result: C.JobResult<K>): void;
  failed(error: string): void;
  /** Terminated before it could finish (a graceful stop ends in `done`). */
  cancelled(): void;
}

/** Follows a job of kind K over Server-Sent Events until it ends; returns a function that stops listening. */
export function followJob<K extends C.JobKindName>(id: string, on: JobHandlers<K>): () => void {
  const source = new EventSource(at('/api/jobs', id, '/events'));
  const data = <T>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T;
  const end = (f: () => void) => {
    source.close();
    f();
  };
  source.addEventListener('progress', (e) => on.progress(data<C.JobProgressMessage<K>>(e).events));
  source.addEventListener('done', (e) => end(() => on.done(data<{ result: C.JobResult<K> }>(e).result)));
  source.addEventListener('failed', (e) => end(() => on.failed(data<{ error: string }>(e).error)));
  source.addEventListener('cancelled', () => end(() => on.cancelled()));
  source.addEventListener('state', (e) => {
    const job = data<C.AnyJob>(e);
    if (job.status === 'done') end(() => on.done(job.result as C.JobResult<K>));
    else if (job.status === 'failed') end(() => on.failed(job.error ?? 'failed'));
    else if (job.status === 'cancelled') end(() => on.cancelled());
  });
  return () => source.close();
}

const encoder = '/api/encoder/runs';
export const listEncoderRuns = async () => (await request<z.infer<typeof C.encoderRunListSchema>>(encoder)).runs;
export const getEncoderRun = (id: string) => request<C.EncoderRunDetail>(at(encoder, id));
export const startEncoderRun = (body: C.StartEncoderRunRequest) => postJson<C.StartResponse>(encoder, body);
export const deleteEncoderRun = (id: string) => remove(at(encoder, id));
export const classifyText = (id: string, text: string) => postJson<C.ClassifyResponse>(at(encoder, id, '/classify'), { text } satisfies C.ClassifyRequest);
export const encoderAttention = (id: string, text: string) => postJson<C.AttentionResponse>(at(encoder, id, '/attention'), { text } satisfies C.AttentionRequest);
export const encoderDownloadUrl = (id: string) => at(encoder, id, '/download');

const gpt = '/api/gpt/runs';
export const gptPresets = () => request<C.GptPresetsResponse>('/api/gpt/presets');
export const listGptRuns = async () => (await request<z.infer<typeof C.gptRunListSchema>>(gpt)).runs;
export const getGptRun = (id: string) => request<C.GptRunDetail>(at(gpt, id));
export const startGptRun = (body: C.StartGptRunRequest) => postJson<C.StartResponse>(gpt, body);
export const deleteGptRun = (id: string) => remove(at(gpt, id));
export const sampleGptRun = (id: string, body: C.SampleRequest) => postJson<C.SampleResponse>(at(gpt, id, '/sample'), body);
export const gptAttention = (id: string, text: string) => postJson<C.AttentionResponse>(at(gpt, id, '/attention'), { text } satisfies C.AttentionRequest);
export const gptDownloadUrl = (id: string) => at(gpt, id, '/download');
export const importGptRun = (body: C.ImportGptRunRequest) => postJson<z.infer<typeof C.importGptRunResponseSchema>>(`${gpt}/import`, body);

const vectors = '/api/embeddings/vectors';
export const listVectors = async () => (await request<z.infer<typeof C.vectorsListSchema>>(vectors)).vectors;
export const trainVectors = (body: C.TrainVectorsRequest) => postJson<C.StartResponse>(vectors, body);
export const deleteVectors = (id: string) => remove(at(vectors, id));
export const similarWords = async (id: string, word: string, topn = 10) =>
  (await postJson<z.infer<typeof C.similarResponseSchema>>(at(vectors, id, '/similar'), { word, topn } satisfies C.SimilarRequest)).neighbours;
export const analogy = async (id: string, body: C.AnalogyRequest) =>
  (await postJson<z.infer<typeof C.analogyResponseSchema>>(at(vectors, id, '/analogy'), body)).answers;
export const topWords = (id: string, n: number) => request<C.TopWords>(at(vectors, id, `/top?n=${n}`));
export const vectorsDownloadUrl = (id: string, format: 'bin' | 'txt') => at(vectors, id, `/download?format=${format}`);
export const importVectors = (body: C.ImportVectorsRequest) => postJson<C.VectorsSummary>(`${vectors}/import`, body);

/** Bytes as base64, for the JSON bodies that carry files (imports of runs and vector sets trained here). */
export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const fewshot = '/api/fewshot';
export const fewshotPresets = () => request<C.FewshotPresetsResponse>(`${fewshot}/presets`);
/** A few-shot run as a job: follow it (followJob<'fewshot.run'>) for the result. */
export const startFewshotRun = (body: C.FewshotRunRequest) => postJson<C.StartResponse>(`${fewshot}/runs`, body);
export const startFewshotSweep = (body: C.FewshotSweepRequest) => postJson<C.StartResponse>(`${fewshot}/sweeps`, body);

const pretrained = '/api/pretrained';
export const listPretrained = async () => (await request<z.infer<typeof C.pretrainedListSchema>>(pretrained)).models;
/** A model folder picked in the browser: its files (names relative to the folder) as base64. */
export const addPretrained = async (body: C.AddPretrainedRequest) => (await postJson<{ model: C.PretrainedSummary }>(pretrained, body)).model;
export const deletePretrained = (id: string) => remove(at(pretrained, id));
export const compareModels = (body: C.CompareRequest) => postJson<C.CompareResult>(`${pretrained}/compare`, body);
export const pretrainedAttention = (id: string, text: string) => postJson<C.AttentionResponse>(at(pretrained, id, '/attention'), { text } satisfies C.AttentionRequest);
