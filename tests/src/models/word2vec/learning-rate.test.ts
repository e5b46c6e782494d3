// The learning rate where the run is: both kernels start each call at the rate that the words
// already read (by every thread) give — α falling linearly to its floor — not at the starting
// rate, so training split into many small calls (Hogwild chunks) still decays. Checked by the
// size of the change one call makes with the word counter at 0 and at the end of the run.
import { describe, expect, it } from 'vitest';
import { checkWord2VecConfig, defaultWord2VecConfig, kernelScratch, longestSentence, plantedCorpus, prepareState, readCorpus, trainSentences } from '../../../../src/models/word2vec/index.ts';
import { fillWord2VecMemory, huffmanPathLength, word2vecLayout } from '../../../../src/models/word2vec/wasm-layout.ts';
import { WORD2VEC_WASM, WORD2VEC_WASM_SHARED } from '../../../../src/models/word2vec/generated/word2vec-wasm.ts';
import { WasmModule } from '../../../../src/tensor/wasm.ts';

const corpus = readCorpus(plantedCorpus(12, 400).text, 1);
const p = checkWord2VecConfig({ ...defaultWord2VecConfig, arch: 'sg', dim: 16, minCount: 1, sample: 0, epochs: 1 });
const total = corpus.vocab.total * p.epochs;
const change = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0);

describe('learning-rate decay across calls', () => {
  it('TypeScript kernel: a call made at the end of the run moves the vectors by the floor rate', () => {
    const moved = (done: number) => {
      const st = prepareState(corpus, p, 1);
      const before = st.syn0.slice();
      let count = done;
      trainSentences(st, p, corpus.ids, corpus.starts, 0, 5, kernelScratch(p.dim, 9, longestSentence(corpus.starts)), { totalWords: total, advance: (n) => (count += n) });
      return change(st.syn0, before);
    };
    const [start, end] = [moved(0), moved(total)];
    expect(start).toBeGreaterThan(0);
    expect(end / start).toBeLessThan(0.01);
  });

  it('wasm kernel: the same, reading the shared word counter', async () => {
    const moved = async (done: number) => {
      const st = prepareState(corpus, p, 1);
      const l = word2vecLayout({
        V: st.V, dim: p.dim, ids: corpus.ids.length, starts: corpus.starts.length, longestSentence: longestSentence(corpus.starts), epochs: 1, threads: 1, hsPath: huffmanPathLength(st),
      });
      const wasm = await WasmModule.load<{ w2vTrain(...args: number[]): void }>({ plain: WORD2VEC_WASM, shared: WORD2VEC_WASM_SHARED }, { bytes: l.bytes });
      fillWord2VecMemory(wasm.buffer, l, corpus, st, p, 9);
      new Int32Array(wasm.buffer, l.counter, 1)[0] = done;
      wasm.exports.w2vTrain(l.model, l.threads[0]!.block, 0, 5, 0, 1);
      return change(new Float32Array(wasm.buffer, l.syn0, st.syn0.length), st.syn0);
    };
    const [start, end] = [await moved(0), await moved(total)];
    expect(start).toBeGreaterThan(0);
    expect(end / start).toBeLessThan(0.01);
  });
});
