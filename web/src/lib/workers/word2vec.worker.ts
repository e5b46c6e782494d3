// Trains word2vec in this browser, in one Web Worker: negative sampling on the wasm SIMD kernel,
// hierarchical softmax on the library's TypeScript kernel (Hogwild threads need SharedArrayBuffer,
// which this page does not have without cross-origin isolation). Reports progress, stops when
// asked keeping what it has, and sends the vectors back in word2vec binary format.
import { toWord2VecBinary, trainWord2Vec, type Word2VecConfig, type Word2VecProgressFn } from '../../../../src/models/word2vec/index.ts';
import type { Word2VecProgress } from '../../../../src/contract/index.ts';

export type W2vWorkerRequest = { type: 'start'; text: string; config: Partial<Word2VecConfig> } | { type: 'stop' };

export type W2vWorkerMessage =
  | { type: 'start'; kernel: string }
  | { type: 'progress'; progress: Word2VecProgress }
  | { type: 'done'; bin: Uint8Array; vocabSize: number; seconds: number; lossPerEpoch: number[]; stopped: boolean; warnings: string[] }
  | { type: 'error'; message: string };

const ctx = self as unknown as { postMessage(m: W2vWorkerMessage): void; onmessage: ((e: MessageEvent<W2vWorkerRequest>) => void) | null };
let stopAsked = false;

async function train(text: string, config: Partial<Word2VecConfig>): Promise<void> {
  const wasm = config.loss !== 'hs';
  ctx.postMessage({ type: 'start', kernel: wasm ? 'wasm SIMD, one thread' : 'TypeScript, one thread' });
  const onProgress: Word2VecProgressFn = async ({ epoch, fraction, wordsPerSec, effectiveWordsPerSec, loss }) => {
    ctx.postMessage({ type: 'progress', progress: { epoch, fraction, wordsPerSec, effectiveWordsPerSec, loss } });
    await new Promise((r) => setTimeout(r, 0)); // let a stop message in
    return !stopAsked;
  };
  const r = await trainWord2Vec(text, config, { engine: wasm ? 'wasm' : 'ts', onProgress });
  ctx.postMessage({ type: 'done', bin: toWord2VecBinary(r.vectors), vocabSize: r.vectors.words.length, seconds: r.seconds, lossPerEpoch: r.lossPerEpoch, stopped: stopAsked, warnings: r.warnings });
}

ctx.onmessage = (e) => {
  if (e.data.type === 'stop') {
    stopAsked = true;
    return;
  }
  stopAsked = false;
  train(e.data.text, e.data.config).catch((err: unknown) => ctx.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};
