// A synthetic in-context-learning task and a tiny GPT trained on it, for the few-shot tests.
// Every training document is a run of pairs "x f(x)" (written "aA", "aα", "a1", one per line)
// for ONE function f drawn per document — uppercase, Greek letter, position in the alphabet — so
// only the examples before a query say which f is meant. The pairs have no delimiter between x
// and f(x): then f(x) is predicted at x's own position, a lookup a 2-layer model learns in a few
// hundred steps; with "x=f(x)" it first needs a previous-token head, which did not form within
// 600 steps here. Reference: Brown et al. 2020 (in-context learning); Xie et al. 2022 (a task
// latent per document is what makes in-context learning appear).
import { fromArray, scope, type Backend } from '../../../src/tensor/index.ts';
import { Rng } from '../../../src/nn/random.ts';
import { AdamW } from '../../../src/optim/optimizer.ts';
import { weightDecayGroups } from '../../../src/optim/groups.ts';
import { clipGradNorm } from '../../../src/optim/clip.ts';
import { GPT } from '../../../src/models/gpt/gpt.ts';
import { presetConfig } from '../../../src/models/gpt/config.ts';
import { charCodecFromText, type TokenCodec } from '../../../src/tokenizers/codec.ts';

export const LETTERS = 'abcdefghi';
const GREEK = 'αβγδεζηθι';
export const TASKS: Record<string, (x: string) => string> = {
  upper: (x) => x.toUpperCase(),
  greek: (x) => GREEK[LETTERS.indexOf(x)]!,
  position: (x) => String(LETTERS.indexOf(x) + 1),
};
export const TEMPLATE = '{input}{output}';
export const SEPARATOR = '\n';
const VOCABULARY = LETTERS + LETTERS.toUpperCase() + GREEK + '123456789' + SEPARATOR;

/** One training document: pairs of random letters under one task, at least `chars` long. */
function document(rng: Rng, chars: number): string {
  const fs = Object.values(TASKS);
  const f = fs[Math.floor(rng.next() * fs.length)]!;
  let doc = '';
  while (doc.length < chars) {
    const x = LETTERS[Math.floor(rng.next() * LETTERS.length)]!;
    doc += x + f(x) + SEPARATOR;
  }
  return doc;
}

export interface TrainedIcl {
  model: GPT;
  codec: TokenCodec;
}

/** AdamW (lr 3e-3, 20 warmup steps, clip 1) on batches whose rows each start a document. */
export async function trainIclModel(backend: Backend, opts: { steps: number; seed: number }): Promise<TrainedIcl> {
  const T = 32;
  const B = 16;
  const codec = charCodecFromText(VOCABULARY);
  const model = new GPT(presetConfig('baby', codec.vocabSize, { nLayer: 2, nHead: 4, nEmbd: 64, contextLength: T }), backend, new Rng(opts.seed));
  const optimizer = new AdamW(weightDecayGroups(model.parameters(), 0.01), 3e-3, { beta1: 0.9, beta2: 0.95 });
  const rng = new Rng(opts.seed + 1);
  model.train();
  for (let step = 0; step < opts.steps; step++) {
    const x = new Int32Array(B * T);
    const y = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const ids = codec.encode(document(rng, T + 1));
      x.set(ids.subarray(0, T), b * T);
      y.set(ids.subarray(1, T + 1), b * T);
    }
    optimizer.lr = 3e-3 * Math.min(1, (step + 1) / 20);
    scope(() => {
      model.forward(fromArray(backend, x, [B, T], 'int32'), fromArray(backend, y, [B, T], 'int32')).loss!.backward();
    });
    clipGradNorm(model.parameters(), 1)?.dispose();
    optimizer.update();
    optimizer.zeroGrad();
  }
  optimizer.dispose();
  model.eval();
  return { model, codec };
}
