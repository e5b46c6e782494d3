// Trains an encoder classifier in this browser, in a Web Worker, on the backend the one rule picks
// (WebGPU on a real GPU, else wasm SIMD; a CPU WebGPU adapter only when asked), driving the
// library's one encoder session and posting its events. The model stays here for the try-it box.
// Leaves out grouped splits (brown-genres' sources): the server path keeps them.
import { createEncoderRun, prepareEncoderData, runEncoderSession } from '../../../../src/training/encoder/session.ts';
import type { EncoderRun } from '../../../../src/training/encoder/run.ts';
import { classifyWithAttention } from '../../../../src/models/bert/attention-maps.ts';
import { resolveEncoderConfig } from '../../../../src/contract/encoder.ts';
import { browserBackend } from '../backend/browser-backend.ts';
import type { EncoderWorkerMessage, EncoderWorkerRequest } from './encoder-protocol.ts';

const ctx = self as unknown as { postMessage(m: EncoderWorkerMessage): void; onmessage: ((e: MessageEvent<EncoderWorkerRequest>) => void) | null };
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
let run: EncoderRun | null = null;
let stopAsked = false;

async function train(order: Extract<EncoderWorkerRequest, { type: 'train' }>): Promise<void> {
  const { backend, label, fallback } = await browserBackend(order.backend);
  ctx.postMessage({ type: 'backend', label, fallback });
  const recipe = resolveEncoderConfig(order.train);
  const prepared = prepareEncoderData(order.texts, order.labels, recipe);
  run = await createEncoderRun(backend, prepared, recipe);
  const pause = () => new Promise<void>((r) => setTimeout(r, 0)); // lets a stop message in
  const result = await runEncoderSession(run, order.texts, { backend: label, pause, shouldStop: () => stopAsked }, (event) => ctx.postMessage({ type: 'event', event }));
  ctx.postMessage({ type: 'done', result, labels: run.data.labelNames, parameters: run.model.parameterCount });
}

ctx.onmessage = (e) => {
  const req = e.data;
  if (req.type === 'stop') stopAsked = true;
  else if (req.type === 'train') train(req).catch((err: unknown) => ctx.postMessage({ type: 'error', message: message(err) }));
  else {
    const r = run;
    if (!r) ctx.postMessage({ type: 'classify-error', id: req.id, message: 'no model in this tab yet: train one first' });
    else classifyWithAttention(r.model, r.tokenizer, req.text).then(
      (result) => ctx.postMessage({ type: 'classified', id: req.id, result }),
      (err: unknown) => ctx.postMessage({ type: 'classify-error', id: req.id, message: message(err) }),
    );
  }
};
