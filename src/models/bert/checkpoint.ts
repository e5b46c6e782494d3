// An encoder as a Hugging Face BERT folder: config.json (model_type bert; id2label/label2id for a
// classifier), model.safetensors in BertForMaskedLM / BertForSequenceClassification naming (the
// tied decoder weight not stored, as save_pretrained does), tokenizer.json with the [CLS] … [SEP]
// template and tokenizer_config.json. Reading ignores HF's tied duplicates and the position_ids buffer.
import type { Backend } from '../../tensor/backend.ts';
import { readSafetensors, writeSafetensors, type NamedArray } from '../../tensor/safetensors.ts';
import { Rng } from '../../nn/random.ts';
import { readJsonFile, readTextFile, textFile, type CheckpointFiles } from '../../training/gpt-checkpoint.ts';
import { Bert } from './bert.ts';
import { BertConfigError, fromHfBertConfig, toHfBertConfig, type BertConfig } from './config.ts';
import { EncoderTokenizer } from './tokenization.ts';

/** model.safetensors bytes in Hugging Face BERT naming. */
export async function bertWeights(model: Bert): Promise<Uint8Array> {
  const arrays: NamedArray[] = await Promise.all(
    model.namedParameters().map(async ([name, t]) => ({ name, dtype: 'F32' as const, shape: [...t.shape], data: (await t.data()) as Float32Array })),
  );
  return writeSafetensors(arrays, { format: 'pt' });
}

export async function bertFolder(model: Bert, tokenizer: EncoderTokenizer): Promise<CheckpointFiles> {
  if (tokenizer.vocabSize !== model.config.vocabSize) throw new Error(`the tokenizer has ${tokenizer.vocabSize} tokens, the model ${model.config.vocabSize}`);
  if (tokenizer.pad !== model.config.padTokenId) throw new Error(`the tokenizer's [PAD] is ${tokenizer.pad}, the model's pad_token_id ${model.config.padTokenId}`);
  return {
    'config.json': textFile(JSON.stringify(toHfBertConfig(model.config), null, 2)),
    'model.safetensors': await bertWeights(model),
    'tokenizer.json': textFile(tokenizer.toTokenizerJson()),
    'tokenizer_config.json': textFile(JSON.stringify(tokenizer.tokenizerConfig(model.config.contextLength), null, 2)),
  };
}

const IGNORED = /^cls\.predictions\.decoder\.(weight|bias)$|(^|\.)embeddings\.position_ids$/;

export interface LoadBertOptions {
  /** Parameters under these name prefixes may be absent and keep their fresh initialization (e.g. ['classifier.']). */
  fresh?: string[];
  /** The dropout generator (a resumed run restores its state afterwards). */
  rng?: Rng;
  /** Use this config instead of config.json's (same shapes; e.g. with labels for a new classifier). */
  config?: BertConfig;
}

/** Loads a BERT folder onto a backend, checking config, tokenizer and every tensor before it returns. */
export async function loadBertCheckpoint(backend: Backend, files: CheckpointFiles, opts: LoadBertOptions = {}): Promise<{ model: Bert; tokenizer: EncoderTokenizer; config: BertConfig }> {
  const config = opts.config ?? fromHfBertConfig(readJsonFile(files, 'config.json'));
  const tokenizer = EncoderTokenizer.fromTokenizerJson(readTextFile(files, 'tokenizer.json'));
  if (tokenizer.vocabSize > config.vocabSize) throw new BertConfigError(`tokenizer.json has ${tokenizer.vocabSize} tokens but config.json's vocab_size is ${config.vocabSize}`);
  const weights = files['model.safetensors'];
  if (!weights) throw new Error('the checkpoint has no model.safetensors');
  const byName = new Map<string, NamedArray>();
  for (const a of readSafetensors(weights).arrays) {
    if (IGNORED.test(a.name)) continue;
    if (a.dtype !== 'F32') throw new Error(`model.safetensors: "${a.name}" is ${a.dtype}; BERT weights must be F32`);
    byName.set(a.name, a);
  }
  const model = new Bert(config, backend, opts.rng ?? new Rng(0));
  try {
    const params = model.namedParameters();
    const known = new Set(params.map(([n]) => n));
    const unknown = [...byName.keys()].filter((n) => !known.has(n) && !(n.startsWith('classifier.') && !model.classifier));
    if (unknown.length) throw new Error(`model.safetensors has tensors a BERT of this config does not: ${unknown.slice(0, 5).join(', ')}`);
    const values = new Map<string, { shape: readonly number[]; data: Float32Array }>();
    for (const [n, t] of params) {
      const a = byName.get(n);
      if (a) values.set(n, { shape: a.shape, data: a.data as Float32Array });
      else if (opts.fresh?.some((p) => n.startsWith(p))) values.set(n, { shape: t.shape, data: (await t.data()) as Float32Array });
    }
    await model.loadStateDict(values);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, tokenizer, config };
}
