// The BERT encoder's configuration with documented defaults, the presets, and the mapping to and
// from Hugging Face's BertConfig (config.json, model_type "bert", id2label/label2id for a
// classifier). Leaves out relative position embeddings and decoder (cross-attention) options:
// a config.json that asks for them is refused. Reference: Devlin et al. 2019; transformers' BertConfig.

export interface BertConfig {
  vocabSize: number;
  /** Longest sequence, [CLS] and [SEP] included (HF: max_position_embeddings). */
  contextLength: number;
  nLayer: number;
  nHead: number;
  /** Hidden width C; each head has C / nHead dimensions. */
  nEmbd: number;
  /** The MLP's inner width (BERT: 4C). */
  intermediateSize: number;
  /** Segment (token type) embeddings: 2 in BERT (sentence A and B). */
  typeVocabSize: number;
  /** Dropout on embeddings and on each sublayer's output (BERT: 0.1). */
  dropout: number;
  /** BERT: 1e-12. (Dropout on the attention probabilities is left out: attention_probs_dropout_prob 0.) */
  layerNormEpsilon: number;
  /** The id of [PAD] (HF: pad_token_id). */
  padTokenId: number;
  /** Class names of the classification head, in id order (empty: no classifier, an MLM model). */
  labels: string[];
  /** Dropout before the classifier (HF: classifier_dropout, null = dropout). */
  classifierDropout: number;
}

export type BertPresetName = 'bert-baby' | 'bert-mini' | 'bert-base';

type Sizes = Pick<BertConfig, 'nLayer' | 'nHead' | 'nEmbd' | 'intermediateSize' | 'contextLength'> & { vocabSize?: number };

/** Sizes only; the vocabulary comes from the tokenizer (bert-base also fixes 30,522). */
export const bertPresets: Record<BertPresetName, Sizes> = {
  'bert-baby': { nLayer: 4, nHead: 4, nEmbd: 128, intermediateSize: 512, contextLength: 128 },
  'bert-mini': { nLayer: 4, nHead: 4, nEmbd: 256, intermediateSize: 1024, contextLength: 512 },
  'bert-base': { nLayer: 12, nHead: 12, nEmbd: 768, intermediateSize: 3072, contextLength: 512, vocabSize: 30522 },
};

export class BertConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BertConfigError';
  }
}

const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

/** Throws a BertConfigError naming the field when the config cannot make a model. */
export function validateBertConfig(c: BertConfig): BertConfig {
  for (const f of ['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nEmbd', 'intermediateSize', 'typeVocabSize'] as const) {
    if (!positiveInt(c[f])) throw new BertConfigError(`${f} must be a positive integer, got ${String(c[f])}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new BertConfigError(`nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`);
  for (const f of ['dropout', 'classifierDropout'] as const) if (!(c[f] >= 0 && c[f] < 1)) throw new BertConfigError(`${f} must be in [0, 1), got ${c[f]}`);
  if (!(c.layerNormEpsilon > 0)) throw new BertConfigError(`layerNormEpsilon must be > 0, got ${c.layerNormEpsilon}`);
  if (!(Number.isInteger(c.padTokenId) && c.padTokenId >= 0 && c.padTokenId < c.vocabSize)) throw new BertConfigError(`padTokenId must be a token id below ${c.vocabSize}, got ${c.padTokenId}`);
  if (!Array.isArray(c.labels) || c.labels.some((l) => typeof l !== 'string' || l.length === 0)) throw new BertConfigError('labels must be non-empty strings');
  if (new Set(c.labels).size !== c.labels.length) throw new BertConfigError(`labels must be distinct, got ${c.labels.join(', ')}`);
  if (c.labels.length === 1) throw new BertConfigError('a classifier needs at least two labels');
  return c;
}

export function bertPresetConfig(name: BertPresetName, vocabSize: number, padTokenId: number, overrides: Partial<BertConfig> = {}): BertConfig {
  const p = bertPresets[name];
  if (!p) throw new BertConfigError(`unknown preset "${String(name)}" (bert-baby, bert-mini, bert-base)`);
  return validateBertConfig({
    typeVocabSize: 2, dropout: 0.1, classifierDropout: 0.1, layerNormEpsilon: 1e-12, labels: [], ...p, vocabSize, padTokenId, ...overrides,
  });
}

/** BertConfig's config.json; a classifier adds id2label / label2id and its architecture. */
export function toHfBertConfig(c: BertConfig): Record<string, unknown> {
  const classifier = c.labels.length > 0;
  return {
    architectures: [classifier ? 'BertForSequenceClassification' : 'BertForMaskedLM'],
    model_type: 'bert',
    vocab_size: c.vocabSize,
    hidden_size: c.nEmbd,
    num_hidden_layers: c.nLayer,
    num_attention_heads: c.nHead,
    intermediate_size: c.intermediateSize,
    hidden_act: 'gelu',
    hidden_dropout_prob: c.dropout,
    attention_probs_dropout_prob: 0,
    max_position_embeddings: c.contextLength,
    type_vocab_size: c.typeVocabSize,
    initializer_range: 0.02,
    layer_norm_eps: c.layerNormEpsilon,
    pad_token_id: c.padTokenId,
    position_embedding_type: 'absolute',
    classifier_dropout: c.classifierDropout,
    tie_word_embeddings: true,
    ...(classifier
      ? { id2label: Object.fromEntries(c.labels.map((l, i) => [String(i), l])), label2id: Object.fromEntries(c.labels.map((l, i) => [l, i])), problem_type: 'single_label_classification' }
      : {}),
  };
}

function readLabels(j: Record<string, unknown>): string[] {
  const arch = Array.isArray(j.architectures) ? j.architectures : [];
  if (!arch.includes('BertForSequenceClassification')) return [];
  const id2label = j.id2label;
  if (typeof id2label !== 'object' || id2label === null) throw new BertConfigError('config.json: a BertForSequenceClassification needs id2label');
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels = new Array<string>(entries.length);
  for (const [id, label] of entries) {
    const i = Number(id);
    if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof label !== 'string') throw new BertConfigError(`config.json: id2label maps ${JSON.stringify(id)} to ${JSON.stringify(label)}; ids must be 0…${entries.length - 1}`);
    labels[i] = label;
  }
  return labels;
}

/** Reads a BERT config.json (ours or a hub one), checking every field it uses. */
export function fromHfBertConfig(json: unknown): BertConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BertConfigError('config.json must be a JSON object');
  const j = json as Record<string, unknown>;
  if (j.model_type !== 'bert') throw new BertConfigError(`config.json: model_type must be "bert", got ${JSON.stringify(j.model_type)}`);
  const act = j.hidden_act ?? 'gelu';
  if (act !== 'gelu') throw new BertConfigError(`config.json: hidden_act ${JSON.stringify(act)} is not supported (gelu)`);
  if ((j.position_embedding_type ?? 'absolute') !== 'absolute') throw new BertConfigError(`config.json: position_embedding_type ${JSON.stringify(j.position_embedding_type)} is not supported (absolute)`);
  if (j.is_decoder === true || j.add_cross_attention === true) throw new BertConfigError('config.json: decoder BERTs (is_decoder, add_cross_attention) are not supported');
  const dropout = typeof j.hidden_dropout_prob === 'number' ? j.hidden_dropout_prob : 0.1;
  return validateBertConfig({
    vocabSize: j.vocab_size as number,
    contextLength: j.max_position_embeddings as number,
    nLayer: j.num_hidden_layers as number,
    nHead: j.num_attention_heads as number,
    nEmbd: j.hidden_size as number,
    intermediateSize: j.intermediate_size as number,
    typeVocabSize: (j.type_vocab_size as number | undefined) ?? 2,
    dropout,
    classifierDropout: typeof j.classifier_dropout === 'number' ? j.classifier_dropout : dropout,
    layerNormEpsilon: typeof j.layer_norm_eps === 'number' ? j.layer_norm_eps : 1e-12,
    padTokenId: typeof j.pad_token_id === 'number' ? j.pad_token_id : 0,
    labels: readLabels(j),
  });
}
