// The lab on a model whose answer is known: a tiny GPT trained (wasm backend, 300 steps) on pairs
// under one of three letter functions per document solves held-out queries few-shot and cannot
// zero-shot; label scores equal the log-probabilities of a plain forward pass; the continuation
// stops at the separator; attention to the parts adds up from the model's own maps.
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, fromArray, noGrad, scope } from '../../../src/tensor/index.ts';
import { Rng } from '../../../src/nn/random.ts';
import {
  attentionToParts, buildPrompt, continuePrompt, engineLm, labelSpecs, logSoftmax, runFewshot, scoreLabels, shuffled,
  type CausalLm, type Example,
} from '../../../src/fewshot/index.ts';
import { LETTERS, SEPARATOR, TASKS, TEMPLATE, trainIclModel, type TrainedIcl } from './icl-task.ts';

let trained: TrainedIcl;
let lm: CausalLm;
beforeAll(async () => {
  trained = await trainIclModel(await createWasmBackend(), { steps: 300, seed: 1 });
  lm = engineLm(trained.model);
}, 240_000);

/** k examples of task f on letters other than the query, drawn with a seeded generator. */
function examples(f: (x: string) => string, query: string, k: number, rng: Rng): Example[] {
  return shuffled([...LETTERS].filter((x) => x !== query), rng).slice(0, k).map((x) => ({ input: x, output: f(x) }));
}

/** Plain forward pass: log p of each id of `tail` after `head`, from the full logits. */
async function forwardLogprobs(head: number[], tail: number[]): Promise<number[]> {
  const ids = [...head, ...tail];
  const { model } = trained;
  const logits = await scope(() => noGrad(() => model.forward(fromArray(model.backend, ids, [1, ids.length], 'int32')).logits)).data();
  const V = model.config.vocabSize;
  return tail.map((id, t) => logSoftmax(logits.subarray((head.length + t - 1) * V, (head.length + t) * V))[id]!);
}

describe('in-context learning on a tiny GPT', () => {
  it('solves held-out queries few-shot (k = 4) but not zero-shot', async () => {
    const rng = new Rng(11);
    const fewShot: boolean[] = [];
    const zeroShot = new Map<string, string[]>();
    for (const [name, f] of Object.entries(TASKS)) {
      for (const query of LETTERS) {
        const spec = { template: TEMPLATE, separator: SEPARATOR, query };
        const few = await runFewshot(lm, trained.codec, { ...spec, examples: examples(f, query, 4, rng), generate: { maxNewTokens: 4 } });
        expect(few.parts.map((p) => p.tokens)).toEqual([3, 3, 3, 3, 1]); // "xy\n" ×4, then the query letter
        fewShot.push(few.continuation === f(query));
        const zero = await runFewshot(lm, trained.codec, { ...spec, examples: [], generate: { maxNewTokens: 4 } });
        zeroShot.set(query, [...(zeroShot.get(query) ?? []), zero.continuation === f(query) ? name : '']);
      }
    }
    const fewAccuracy = fewShot.filter(Boolean).length / fewShot.length;
    expect(fewAccuracy).toBeGreaterThanOrEqual(0.9);
    // Zero-shot, the prompt is the query alone, the same for every task: at most one task's answer per query.
    let zeroRight = 0;
    for (const names of zeroShot.values()) zeroRight += names.filter(Boolean).length;
    const zeroAccuracy = zeroRight / fewShot.length;
    expect(zeroAccuracy).toBeLessThanOrEqual(1 / 3);
    expect(fewAccuracy - zeroAccuracy).toBeGreaterThanOrEqual(0.5);
  });

  it('scores labels as the sum of per-token log-probabilities of a plain forward pass', async () => {
    const prompt = buildPrompt({ template: TEMPLATE, separator: SEPARATOR, examples: examples(TASKS.greek!, 'c', 3, new Rng(2)), query: 'c' }, trained.codec, { contextLength: 32 });
    const labels = labelSpecs({ greek: 'γ', upper: 'C', 'greek then more': 'γ\nd', position: '3\nd4\n' });
    const scores = await scoreLabels(lm, trained.codec, prompt, labels);
    for (const s of scores) {
      expect(s.ids).toEqual(Array.from(trained.codec.encode(labels.find((l) => l.name === s.name)!.verbaliser)));
      const reference = await forwardLogprobs(prompt.ids, s.ids);
      reference.forEach((lp, t) => expect(s.tokenLogprobs[t]).toBeCloseTo(lp, 5));
      expect(s.logprob).toBeCloseTo(reference.reduce((a, b) => a + b, 0), 4);
    }
    expect(scores.reduce((a, s) => a + s.p, 0)).toBeCloseTo(1, 10);
    expect(scores.map((s) => s.ids.length)).toEqual([1, 1, 3, 5]);
    const winner = scores.reduce((a, b) => (b.p > a.p ? b : a));
    expect(winner.name).toBe('greek'); // three Greek examples: the model answers γ for c
  });

  it('lists the next tokens with the probabilities of a plain forward pass', async () => {
    const spec = { template: TEMPLATE, separator: SEPARATOR, examples: examples(TASKS.position!, 'e', 3, new Rng(3)), query: 'e' };
    const r = await runFewshot(lm, trained.codec, { ...spec, topK: 5, generate: { maxNewTokens: 0 } });
    expect(r.next).toHaveLength(5);
    expect(r.next[0]!.token).toBe('5');
    for (const n of r.next) expect(Math.log(n.p)).toBeCloseTo((await forwardLogprobs(r.promptIds, [n.id]))[0]!, 5);
    for (let i = 1; i < r.next.length; i++) expect(r.next[i]!.p).toBeLessThanOrEqual(r.next[i - 1]!.p);
    expect(r.continuation).toBe('');
  });

  it('continues up to the separator, with or without the KV cache, and samples reproducibly by seed', async () => {
    const prompt = buildPrompt({ template: TEMPLATE, separator: SEPARATOR, examples: examples(TASKS.upper!, 'f', 4, new Rng(4)), query: 'f' }, trained.codec, { contextLength: 32 });
    const cached = await continuePrompt(lm, trained.codec, prompt.ids, { maxNewTokens: 10, temperature: 0, stop: SEPARATOR });
    expect(cached).toEqual({ text: 'F', ids: cached.ids, reason: 'stop' });
    expect(trained.codec.decode(cached.ids)).toBe('F\n');
    const plain: CausalLm = { contextLength: lm.contextLength, vocabSize: lm.vocabSize, run: (r) => lm.run(r) }; // no session: the window is rerun
    const long = { maxNewTokens: 20, temperature: 1, topK: 5, topP: 0.9, seed: 9 };
    const a = await continuePrompt(lm, trained.codec, prompt.ids, long);
    expect(a.reason).toBe('length');
    expect(a.ids).toHaveLength(20); // past the 32-token context: the cache restarts from the last half
    expect((await continuePrompt(lm, trained.codec, prompt.ids, long)).ids).toEqual(a.ids);
    expect((await continuePrompt(plain, trained.codec, prompt.ids, { ...long, maxNewTokens: 5 })).ids).toEqual(a.ids.slice(0, 5));
    await expect(continuePrompt(lm, trained.codec, prompt.ids, { maxNewTokens: 3, temperature: -1 })).rejects.toThrow(/temperature must be ≥ 0/);
  });

  it('measures the last position’s attention to each part from the model’s maps', async () => {
    const prompt = buildPrompt({ template: TEMPLATE, separator: SEPARATOR, examples: examples(TASKS.greek!, 'a', 4, new Rng(5)), query: 'a' }, trained.codec, { contextLength: 32 });
    const a = await attentionToParts(lm, prompt);
    expect([a.layers, a.heads]).toEqual([2, 4]);
    expect(a.parts.map((p) => p.name)).toEqual(prompt.parts.map((p) => p.name));
    const { model } = trained;
    const T = prompt.ids.length;
    const maps = scope(() => noGrad(() => model.forward(fromArray(model.backend, prompt.ids, [1, T], 'int32'), undefined, { attention: true }).attention!));
    for (let l = 0; l < 2; l++) {
      const map = await maps[l]!.data(); // (1, H, T, T)
      for (let h = 0; h < 4; h++) {
        expect(a.mass[l]![h]!.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
        prompt.parts.forEach((p, i) => {
          let m = 0;
          for (let t = p.start; t < p.end; t++) m += map[((h * T) + T - 1) * T + t]!;
          expect(a.mass[l]![h]![i]).toBeCloseTo(m, 6);
        });
      }
    }
    const r = await runFewshot(lm, trained.codec, { template: TEMPLATE, examples: [{ input: 'b', output: 'β' }], query: 'a', attention: true, generate: { maxNewTokens: 0 } });
    expect(r.attention!.mass).toHaveLength(2);
  });
});
