// Trains a GPT in this browser, in a Web Worker, on the backend the one rule picks (WebGPU on a
// real GPU, else wasm SIMD; a CPU WebGPU adapter only when asked), driving the library's one
// training session and posting its TrainingEvents as they come. The model stays here after training: sampling and attention maps run on it, and
// its best-weights GPT-2 folder goes back so the page can save the run on the server.
import { charCodecFromText, codecFromTokenizerJson } from '../../../../src/tokenizers/codec.ts';
import { GptRun } from '../../../../src/training/gpt-run.ts';
import { resolveTrainConfig } from '../../../../src/training/gpt-train-config.ts';
import { runTrainingSession } from '../../../../src/training/session.ts';
import { generate } from '../../../../src/models/gpt/generate.ts';
import { attentionMaps } from '../../../../src/models/gpt/attention-maps.ts';
import { resolveModelRequest, sampleRequestSchema, type TrainingEvent } from '../../../../src/contract/index.ts';
import { browserBackend } from '../backend/browser-backend.ts';
import type { Answer, Question, TrainOrder, WorkerMessage, WorkerRequest } from './gpt-worker-protocol.ts';

const ctx = self as unknown as { postMessage(m: WorkerMessage): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const emit = (event: TrainingEvent) => ctx.postMessage({ type: 'event', event });
let run: GptRun | null = null;
let stopAsked = false;

async function train(order: TrainOrder): Promise<void> {
  const { backend, label, fallback } = await browserBackend(order.backend);
  ctx.postMessage({ type: 'backend', label, fallback });
  const codec = order.tokenizerJson === null ? charCodecFromText(order.text) : codecFromTokenizerJson(order.tokenizerJson);
  const recipe = resolveTrainConfig(order.train);
  run = GptRun.create(backend, order.text, codec, resolveModelRequest(order.model, codec.vocabSize), recipe);
  const pause = () => new Promise<void>((r) => setTimeout(r, 0)); // lets a stop message in
  const result = await runTrainingSession(run, { backend: label, pause, shouldStop: () => stopAsked }, emit);
  ctx.postMessage({ type: 'done', stopped: result.stopped, files: await run.bestCheckpoint(), train: recipe });
}

async function answer(q: Question): Promise<Answer> {
  if (!run) throw new Error('no model in this tab yet: train one first');
  if (q.type === 'sample') {
    const { prompt, ...opts } = sampleRequestSchema.parse(q.request);
    return { type: 'sample', text: (await generate(run.model, run.codec, prompt, opts)).text };
  }
  const a = await attentionMaps(run.model, run.codec, q.text);
  return { type: 'attention', result: { ...a, maps: a.maps.map((l) => l.map((h) => Array.from(h))) } };
}

ctx.onmessage = (e) => {
  const req = e.data;
  if (req.type === 'stop') stopAsked = true;
  else if (req.type === 'train') train(req).catch((err: unknown) => ctx.postMessage({ type: 'error', message: message(err) }));
  else {
    answer(req.question).then(
      (a) => ctx.postMessage({ type: 'answer', id: req.id, answer: a }),
      (err: unknown) => ctx.postMessage({ type: 'answer-error', id: req.id, message: message(err) }),
    );
  }
};
