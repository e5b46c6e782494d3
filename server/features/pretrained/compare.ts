// One text through several decoders (saved GPT runs, pretrained GPT-2/Llama folders) on our
// engine: each model's tokens with their character spans, per-token surprise (−log2 p), perplexity
// and bits per byte (comparable across tokenizers), the next-token top-k at a position, a
// generation with shared sampling settings, attention maps, and — when the folder has
// onnx/model.onnx — transformers.js's logits on the same ids and the largest |Δ logit|.
// Leaves out encoders (BERT has no next-token surprise). Reference: Shannon bits; src/fewshot/.
import { basename, dirname } from 'node:path';
import { loadPretrained, hasFile } from '../../../src/pretrained/index.ts';
import { continuePrompt, engineLm, textCodec, type CausalLm, type TextCodec } from '../../../src/fewshot/index.ts';
import { fromArray, noGrad, scope, type Tensor } from '../../../src/tensor/tensor.ts';
import { utf8Encode } from '../../../src/data/utf8.ts';
import type { CompareModelResult, CompareRequest } from '../../../src/contract/pretrained.ts';
import { compareRequestSchema } from '../../../src/contract/pretrained.ts';
import type { GPT } from '../../../src/models/gpt/gpt.ts';
import type { Llama } from '../../../src/models/llama/llama.ts';
import { selectBackend } from '../../gpu/select-backend.ts';
import { nodeModelFolder } from '../models/node-folder.ts';

/** Attention maps cover the first tokens only (T² numbers per head travel as JSON). */
export const ATTENTION_TOKENS = 48;

const bytesOf = (s: string) => utf8Encode(s).length;

/** log-softmax of one row, in bits. */
function log2Softmax(row: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(row, (v) => (v - lse) / Math.LN2);
}

/** Each token's character span, from decoding growing prefixes (what the tokenizer gives back). */
function spans(codec: TextCodec, ids: number[], text: string) {
  let prev = 0;
  return ids.map((id, i) => {
    const end = Math.min(text.length, codec.decode(ids.slice(0, i + 1)).length);
    const span = { id, text: codec.decode([id]), start: Math.min(prev, end), end };
    prev = end;
    return span;
  });
}

export async function attentionMaps(model: GPT | Llama, ids: number[], tokens: string[]): Promise<CompareModelResult['attention']> {
  const was = model.training;
  model.train(false);
  try {
    const maps = scope(() =>
      noGrad(() => {
        const out = model.forward(fromArray(model.backend, Int32Array.from(ids), [1, ids.length], 'int32'), undefined, { attention: true }) as { attention?: Tensor[]; attentions?: Tensor[] };
        return out.attention ?? out.attentions ?? [];
      }),
    );
    const T = ids.length;
    const layers = await Promise.all(maps.map(async (m) => ((await m.data()) as Float32Array)));
    for (const m of maps) m.dispose();
    const heads = layers[0] ? layers[0].length / (T * T) : 0;
    return {
      tokens,
      layers: layers.length,
      heads,
      maps: layers.map((l) => Array.from({ length: heads }, (_, h) => Array.from(l.subarray(h * T * T, (h + 1) * T * T), (v) => Math.round(v * 1e4) / 1e4))),
    };
  } finally {
    model.train(was);
  }
}

/** transformers.js (onnxruntime-node) on the folder's onnx/model.onnx, same ids: all logits. */
async function referenceLogits(folder: string, ids: number[]): Promise<Float32Array> {
  const { AutoModelForCausalLM, env, Tensor: HfTensor } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(folder)}/`;
  const model = await AutoModelForCausalLM.from_pretrained(basename(folder), { dtype: 'fp32' });
  try {
    const input = new HfTensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
    const mask = new HfTensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
    const { logits } = (await model({ input_ids: input, attention_mask: mask })) as { logits: { data: Float32Array } };
    return logits.data;
  } finally {
    await model.dispose();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`transformers.js returned ${b.length} logits, our engine ${a.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export interface CompareModelInput {
  spec: string;
  folder: string;
  label: string;
}

type Parsed = ReturnType<typeof compareRequestSchema.parse>;

async function scoreText(lm: CausalLm, codec: TextCodec, req: Parsed) {
  const textIds = Array.from(codec.encode(req.text)).slice(0, lm.contextLength - (codec.beginOfText != null ? 1 : 0));
  if (textIds.length === 0) throw new Error('the text gives no tokens');
  const bos = codec.beginOfText ?? null;
  const ids = bos !== null ? [bos, ...textIds] : textIds;
  const { logits } = await lm.run({ ids, rows: ids.length });
  const V = lm.vocabSize;
  const shift = bos !== null ? 1 : 0;
  const surprise = textIds.map((id, i) => {
    const row = i + shift - 1;
    return row < 0 ? null : -log2Softmax(logits.subarray(row * V, (row + 1) * V))[id]!;
  });
  return { ids, textIds, shift, logits, surprise };
}

export async function compareOne(input: CompareModelInput, request: CompareRequest): Promise<CompareModelResult> {
  const req = compareRequestSchema.parse(request);
  const { backend, label: runtime, close } = await selectBackend(req.backend);
  const folder = nodeModelFolder(input.folder);
  const loaded = await loadPretrained(backend, folder);
  try {
    if (loaded.family === 'bert') throw new Error(`${input.label} is an encoder (${loaded.architecture}); Compare needs decoders (GPT runs, GPT-2, Llama)`);
    if (!loaded.tokenizer) throw new Error(`${input.label} has no tokenizer.json`);
    const lm = engineLm(loaded.model);
    const codec = textCodec(loaded.tokenizer);
    const { ids, textIds, shift, logits, surprise } = await scoreText(lm, codec, req);
    const tokens = spans(codec, textIds, req.text);
    const scored = surprise.filter((s): s is number => s !== null);
    const bits = scored.reduce((a, b) => a + b, 0);
    const scoredBytes = bytesOf(req.text) - (shift === 0 ? bytesOf(req.text.slice(0, tokens[0]!.end)) : 0);
    const position = Math.min(req.position ?? textIds.length - 1, textIds.length - 1);
    const V = lm.vocabSize;
    const row = log2Softmax(logits.subarray((position + shift) * V, (position + shift + 1) * V));
    const top = Array.from(row.keys()).sort((a, b) => row[b]! - row[a]!).slice(0, req.topK);
    const promptIds = req.prompt ? Array.from(codec.encode(req.prompt)) : textIds;
    const prompt = codec.beginOfText != null ? [codec.beginOfText, ...promptIds] : promptIds;
    const gen = await continuePrompt(lm, codec, prompt.slice(-Math.max(1, lm.contextLength - req.maxNewTokens)), {
      maxNewTokens: req.maxNewTokens, temperature: req.temperature, topK: req.sampleTopK, topP: req.topP, seed: req.seed,
    });
    const shown = ids.slice(0, ATTENTION_TOKENS);
    const attention = req.attention ? await attentionMaps(loaded.model, shown, codec.tokenStrings ? codec.tokenStrings(shown) : shown.map((id) => codec.decode([id]))) : null;
    const parity = hasFile(folder, 'onnx/model.onnx') ? { runtime: 'transformers.js (onnxruntime-node, fp32)', maxAbsDiff: maxAbsDiff(logits, await referenceLogits(input.folder, ids)) } : null;
    return {
      spec: input.spec, label: input.label, family: loaded.family === 'gpt2' ? `GPT (${loaded.architecture})` : `Llama (${loaded.architecture})`,
      runtime: `lm-workbench engine on ${runtime}`, tokens, surprise,
      perplexity: scored.length ? 2 ** (bits / scored.length) : null,
      bitsPerByte: scored.length && scoredBytes > 0 ? bits / scoredBytes : null,
      position, topK: top.map((id) => ({ id, text: codec.decode([id]), p: 2 ** row[id]! })),
      generation: { text: gen.text, ids: gen.ids }, attention, parity,
    };
  } finally {
    loaded.model.dispose();
    close();
  }
}
