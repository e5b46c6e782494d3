// Trains word2vec in this browser, in one Web Worker, with the library's TypeScript kernel
// (Hogwild threads need SharedArrayBuffer, which this page does not have without cross-origin
// isolation), reporting progress; sends the vectors back in word2vec binary format.
import { toWord2VecBinary, trainWord2Vec, type Word2VecConfig } from '../../../../src/models/word2vec/index.ts';

export type W2vWorkerMessage =
  | { type: 'progress'; epoch: number; fraction: number; wordsPerSec: number; loss: number }
  | { type: 'done'; bin: Uint8Array; vocabSize: number; seconds: number; lossPerEpoch: number[] }
  | { type: 'error'; message: string };

const ctx = self as unknown as { postMessage(m: W2vWorkerMessage): void; onmessage: ((e: MessageEvent<{ text: string; config: Partial<Word2VecConfig> }>) => void) | null };

ctx.onmessage = (e) => {
  trainWord2Vec(e.data.text, e.data.config, async (p) => {
    ctx.postMessage({ type: 'progress', ...p });
    await new Promise((r) => setTimeout(r, 0));
  }).then(
    (r) => ctx.postMessage({ type: 'done', bin: toWord2VecBinary(r.vectors), vocabSize: r.vectors.words.length, seconds: r.seconds, lossPerEpoch: r.lossPerEpoch }),
    (err: unknown) => ctx.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};
