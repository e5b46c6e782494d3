// The parsers a user's file reaches, each with valid seed inputs (folders of named files) and the
// call that reads them. A target's `check` names what an accepted input must never hold (NaN
// vectors, duplicate words, control characters). Grows as new readers land.
import { createCpuBackend } from '../../src/tensor/index.ts';
import { readSafetensors, writeSafetensors } from '../../src/tensor/safetensors.ts';
import { Rng } from '../../src/nn/random.ts';
import { utf8Decode, utf8Encode } from '../../src/data/utf8.ts';
import { KeyedVectors } from '../../src/models/word2vec/keyed-vectors.ts';
import { fromWord2VecBinary, fromWord2VecText, toWord2VecBinary, toWord2VecText } from '../../src/models/word2vec/format.ts';
import { learnBpe } from '../../src/tokenizers/bpe/learn.ts';
import { toTokenizerJson } from '../../src/tokenizers/serialize.ts';
import { charCodecFromText, codecFromTokenizerJson } from '../../src/tokenizers/codec.ts';
import { GPT } from '../../src/models/gpt/gpt.ts';
import { presetConfig } from '../../src/models/gpt/config.ts';
import { gptFolder, loadGptCheckpoint } from '../../src/training/gpt-checkpoint.ts';
import { GptRun } from '../../src/training/gpt-run.ts';
import { defaultTrainConfig } from '../../src/training/gpt-train-config.ts';

export type Files = Record<string, Uint8Array>;

export interface FuzzTarget {
  name: string;
  seeds(): Promise<Files[]>;
  parse(files: Files): Promise<unknown>;
  /** A problem with an accepted input's result, or null. */
  check?(result: unknown): string | null;
}

const cpu = createCpuBackend();
const bytes = (s: string) => Uint8Array.from(utf8Encode(s));
const text = (b: Uint8Array | undefined) => (b === undefined ? '' : utf8Decode(b));
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkVectors(result: unknown): string | null {
  const kv = result as KeyedVectors;
  if (!kv.vectors.every(Number.isFinite)) return 'accepted NaN or infinite vector components';
  if (new Set(kv.words).size !== kv.words.length) return 'accepted duplicate words';
  const bad = kv.words.find((w) => w.length === 0 || CONTROL.test(w));
  return bad === undefined ? null : `accepted the word ${JSON.stringify(bad)}`;
}

const vectors = () => new KeyedVectors(['the', 'cat', 'été', '猫'], Float32Array.from({ length: 12 }, (_, i) => Math.sin(i) * 3), 3);
const corpus = 'low low low lowest newer newer wider new café naïve 猫 the cat sat on the mat\n';
const tinyGpt = (seed: number) => {
  const codec = charCodecFromText('abcdefgh ');
  return { codec, model: new GPT(presetConfig('baby', codec.vocabSize, { nLayer: 1, nHead: 2, nEmbd: 8, contextLength: 6 }), cpu, new Rng(seed)) };
};

export const targets: FuzzTarget[] = [
  {
    name: 'safetensors',
    async seeds() {
      const arrays = [
        { name: 'a', dtype: 'F32' as const, shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) },
        { name: 'b.ids', dtype: 'I32' as const, shape: [4], data: Int32Array.of(1, -2, 3, 4) },
      ];
      return [{ f: writeSafetensors(arrays, { format: 'pt' }) }, { f: writeSafetensors([arrays[0]!]) }];
    },
    async parse(f) {
      return readSafetensors(f.f!);
    },
  },
  {
    name: 'word2vec text',
    async seeds() {
      return [{ f: bytes(toWord2VecText(vectors())) }];
    },
    async parse(f) {
      return fromWord2VecText(f.f!);
    },
    check: checkVectors,
  },
  {
    name: 'word2vec binary',
    async seeds() {
      return [{ f: toWord2VecBinary(vectors()) }];
    },
    async parse(f) {
      return fromWord2VecBinary(f.f!);
    },
    check: checkVectors,
  },
  {
    name: 'tokenizer.json',
    async seeds() {
      const byte = learnBpe(corpus, { vocabSize: 270, mode: 'byte', specialTokens: ['<|endoftext|>'] });
      const word = learnBpe(corpus, { vocabSize: 40, mode: 'word' });
      return [byte, word].map((t) => ({ f: bytes(JSON.stringify(toTokenizerJson(t))) })).concat([{ f: bytes(charCodecFromText(corpus).toTokenizerJson()) }]);
    },
    async parse(f) {
      const codec = codecFromTokenizerJson(text(f.f));
      return codec.decode(codec.encode('low newer'));
    },
  },
  {
    name: 'GPT-2 folder',
    async seeds() {
      const { model, codec } = tinyGpt(1);
      return [await gptFolder(model, codec)];
    },
    async parse(files) {
      const { model } = await loadGptCheckpoint(cpu, files);
      model.dispose();
      return model.config;
    },
  },
  {
    name: 'run checkpoint (resume)',
    async seeds() {
      const train = 'abcdefgh abcdefgh hgfedcba '.repeat(20);
      const codec = charCodecFromText(train);
      const run = GptRun.create(cpu, train, codec, presetConfig('baby', codec.vocabSize, { nLayer: 1, nHead: 2, nEmbd: 8, contextLength: 6 }), {
        ...defaultTrainConfig, steps: 4, batchSize: 2, evalEvery: 2, evalBatches: 1, sampleTokens: 2, warmupSteps: 1,
      });
      await run.step();
      await run.step();
      await run.evaluate();
      const files = await run.checkpoint();
      run.dispose();
      return [{ ...files, '.corpus': bytes(train) }];
    },
    async parse(files) {
      const { '.corpus': corpusBytes, ...rest } = files;
      const run = await GptRun.resume(cpu, text(corpusBytes), rest);
      run.dispose();
      return run.stepsDone;
    },
  },
];
