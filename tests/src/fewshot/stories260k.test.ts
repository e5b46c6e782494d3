// The lab on the real pretrained stories260K (a Llama; ../shared/data/pretrained) against
// transformers.js running the independently written onnx/model.onnx: the prompt's ids and token
// counts (with <s> first and SentencePiece's space marks), the next-token probabilities and the
// label log-probabilities are the same; attention to the parts over grouped-query heads sums to 1.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor as HfTensor, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { createWasmBackend } from '../../../src/tensor/wasm.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { loadTokenizer } from '../../../src/tokenizers/load.ts';
import { buildPrompt, engineLm, labelSpecs, logSoftmax, runFewshot, textCodec, type CausalLm, type PromptSpec, type TextCodec } from '../../../src/fewshot/index.ts';
import { nodeFolder } from '../pretrained/node-folder.ts';

const PRETRAINED = join(import.meta.dirname, '../../../../shared/data/pretrained');
const have = existsSync(join(PRETRAINED, 'stories260K/model.safetensors'));
const SKIP = ' (skipped: ../shared/data/pretrained is absent)';

const SPEC: PromptSpec = {
  instruction: 'Lily and her mom played a word game.',
  template: 'Mom said "{input}" and Lily said "{output}".',
  examples: [
    { input: 'big', output: 'small' },
    { input: 'hot', output: 'cold' },
    { input: 'happy', output: 'sad' },
  ],
  query: 'up',
};

/** Log-softmax rows of transformers.js's logits for ids. */
async function referenceLogprobs(model: PreTrainedModel, ids: number[]): Promise<Float64Array[]> {
  const input = new HfTensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const mask = new HfTensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  const { logits } = (await model({ input_ids: input, attention_mask: mask })) as { logits: HfTensor };
  const V = logits.dims[2]!;
  const data = logits.data as Float32Array;
  return ids.map((_, t) => logSoftmax(data.subarray(t * V, (t + 1) * V)));
}

describe.skipIf(!have)(`few-shot on stories260K vs transformers.js${have ? '' : SKIP}`, () => {
  let tok: PreTrainedTokenizer;
  let ref: PreTrainedModel;
  let lm: CausalLm;
  let codec: TextCodec;
  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${PRETRAINED}/`;
    tok = await AutoTokenizer.from_pretrained('stories260K');
    ref = await AutoModelForCausalLM.from_pretrained('stories260K', { dtype: 'fp32' });
    const p = await loadPretrained(await createWasmBackend(), nodeFolder(join(PRETRAINED, 'stories260K')));
    if (p.family !== 'llama') throw new Error(`stories260K loaded as ${p.family}, expected llama`);
    lm = engineLm(p.model);
    codec = textCodec(p.tokenizer!);
  }, 120_000);

  it('builds the prompt with the ids and counts transformers.js gives the same text', () => {
    expect(codec.beginOfText).toBe(1);
    const p = buildPrompt(SPEC, codec, { contextLength: lm.contextLength });
    expect(p.ids).toEqual(Array.from(tok.encode(p.text)).map(Number));
    expect(p.parts.map((x) => x.name)).toEqual(['start', 'instruction', 'example 1', 'example 2', 'example 3', 'query']);
    expect(p.parts.reduce((n, x) => n + x.tokens, 0)).toBe(p.ids.length);
    expect(p.text.endsWith('Mom said "up" and Lily said "')).toBe(true);
    // The instruction part is its text and the separator, tokenized as transformers.js does alone (less <s>).
    expect(p.parts[1]!.tokens).toBe(tok.encode(`${SPEC.instruction}\n`).length - 1);
  });

  it('gives the next-token probabilities and label log-probabilities of transformers.js', async () => {
    const labels = labelSpecs(['down', 'cold', 'a big dog']);
    const r = await runFewshot(lm, codec, { ...SPEC, labels, topK: 8, generate: { maxNewTokens: 8 } });
    const rows = await referenceLogprobs(ref, r.promptIds);
    const last = rows.at(-1)!;
    const order = Array.from(last.keys()).sort((a, b) => last[b]! - last[a]!).slice(0, 8);
    expect(r.next.map((n) => n.id)).toEqual(order);
    r.next.forEach((n) => expect(n.p).toBeCloseTo(Math.exp(last[n.id]!), 4));
    for (const l of labels) {
      const ids = Array.from(tok.encode(r.promptText + l.verbaliser)).map(Number).slice(r.promptIds.length);
      const full = await referenceLogprobs(ref, [...r.promptIds, ...ids]);
      const sum = ids.reduce((a, id, t) => a + full[r.promptIds.length + t - 1]![id]!, 0);
      expect(r.labels![l.name]!.tokens).toBe(ids.length);
      expect(r.labels![l.name]!.logprob).toBeCloseTo(sum, 3);
    }
    expect(r.continuation.length).toBeGreaterThan(0);
    expect(r.continuation).not.toContain('\n');
  }, 120_000);

  it('measures attention to each part over its grouped-query heads', async () => {
    const r = await runFewshot(lm, codec, { ...SPEC, attention: true, generate: { maxNewTokens: 0 } });
    const a = r.attention!;
    expect([a.layers, a.heads]).toEqual([5, 8]);
    for (const layer of a.mass) for (const head of layer) expect(head.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 4);
  });

  it('refuses an encoder tokenizer as a prompt codec', () => {
    const bert = loadTokenizer(readFileSync(join(PRETRAINED, 'tokenizers/bert-base-uncased/tokenizer.json'), 'utf8'));
    expect(() => textCodec(bert)).toThrow(/special tokens after the text/);
  });
});
