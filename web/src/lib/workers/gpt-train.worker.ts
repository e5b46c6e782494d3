// Trains a GPT in this browser, in a Web Worker, on the GPU (navigator.gpu) with the same
// GptRun the server and CLI use; without a WebGPU adapter it runs on the wasm SIMD backend and says so.
// The model stays here after training: sampling and attention maps run on it too, and its
// best-weights GPT-2 folder is sent back so the page can save the run on the server.
import { createWasmBackend, createWebGpuBackend, type Backend } from '../../../../src/tensor/index.ts';
import { charCodecFromText, codecFromTokenizerJson } from '../../../../src/tokenizers/codec.ts';
import { splitLabelled } from '../../../../src/data/labelled.ts';
import type { GptConfig } from '../../../../src/models/gpt/config.ts';
import { GptRun } from '../../../../src/training/gpt-run.ts';
import type { GptTrainConfig } from '../../../../src/training/gpt-train-config.ts';
import { generate } from '../../../../src/models/gpt/generate.ts';
import { attentionMaps } from '../../../../src/models/gpt/attention-maps.ts';

export type WorkerRequest =
  | { type: 'start'; text: string; labelled: boolean; tokenizerJson: string | null; model: Omit<GptConfig, 'vocabSize'>; train: GptTrainConfig }
  | { type: 'stop' }
  | { type: 'sample'; prompt: string; maxNewTokens: number; temperature: number; topK?: number; topP?: number; seed: number }
  | { type: 'attention'; text: string };

export type WorkerMessage =
  | { type: 'start'; backend: string; parameters: number; vocabSize: number }
  | { type: 'step'; step: number; loss: number; lr: number; tokensPerSec: number; msPerStep: number }
  | { type: 'eval'; step: number; valLoss: number; perplexity: number; bitsPerByte: number; improved: boolean; sample: string }
  | { type: 'done'; stopped: boolean; files: Record<string, Uint8Array>; model: GptConfig }
  | { type: 'sample'; text: string }
  | { type: 'attention'; tokens: string[]; layers: number; heads: number; maps: number[][][] }
  | { type: 'error'; message: string };

const ctx = self as unknown as { postMessage(m: WorkerMessage): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };
let run: GptRun | null = null;
let stopAsked = false;

async function pickBackend(): Promise<{ backend: Backend; label: string }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  if (!adapter) return { backend: await createWasmBackend(), label: 'wasm (SIMD on the CPU) — this browser has no WebGPU adapter' };
  const device = await adapter.requestDevice();
  const { vendor, architecture, description } = adapter.info;
  return { backend: createWebGpuBackend(device), label: `webgpu: ${[vendor, architecture, description].filter(Boolean).join(' ') || 'adapter'}` };
}

async function train(req: Extract<WorkerRequest, { type: 'start' }>): Promise<void> {
  run?.dispose();
  stopAsked = false;
  const { backend, label } = await pickBackend();
  const text = req.labelled ? splitLabelled(req.text).texts : req.text;
  const codec = req.tokenizerJson === null ? charCodecFromText(text) : codecFromTokenizerJson(req.tokenizerJson);
  run = GptRun.create(backend, text, codec, { ...req.model, vocabSize: codec.vocabSize }, req.train);
  ctx.postMessage({ type: 'start', backend: label, parameters: run.model.parameterCount, vocabSize: codec.vocabSize });
  while (!run.done && !stopAsked) {
    const m = await run.step();
    ctx.postMessage({ type: 'step', ...m });
    if (m.step % run.train.evalEvery === 0 || run.done) ctx.postMessage({ type: 'eval', ...(await run.evaluate()) });
    await new Promise((r) => setTimeout(r, 0)); // let a stop message in
  }
  ctx.postMessage({ type: 'done', stopped: !run.done, files: await run.bestCheckpoint(), model: run.model.config });
}

ctx.onmessage = (e) => {
  const req = e.data;
  const fail = (err: unknown) => ctx.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  if (req.type === 'stop') stopAsked = true;
  else if (req.type === 'start') train(req).catch(fail);
  else if (!run) fail(new Error('no model in this tab yet: train one first'));
  else if (req.type === 'sample') {
    generate(run.model, run.codec, req.prompt, req).then((r) => ctx.postMessage({ type: 'sample', text: r.text }), fail);
  } else {
    attentionMaps(run.model, run.codec, req.text).then(
      (a) => ctx.postMessage({ type: 'attention', ...a, maps: a.maps.map((l) => l.map((h) => Array.from(h))) }),
      fail,
    );
  }
};
