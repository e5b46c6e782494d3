// A Hugging Face BERT folder onto the workbench's Bert (src/models/bert): BertModel (names without
// `bert.`, no heads), BertForMaskedLM (no pooler), BertForPreTraining (its next-sentence head
// skipped) and BertForSequenceClassification (no MLM head). A head the file lacks keeps its fresh
// initialization and is reported; the tied decoder weight, its bias copy and position_ids are
// skipped; TF-era LayerNorm gamma/beta names are read as weight/bias. Reference: modeling_bert.py.
import type { Backend } from '../tensor/backend.ts';
import { Rng } from '../nn/random.ts';
import { withoutInit } from '../nn/module.ts';
import { Bert } from '../models/bert/bert.ts';
import { fromHfBertConfig, type BertConfig } from '../models/bert/config.ts';
import { PretrainedError, type ModelFolder } from './folder.ts';
import { checkWeights, writeWeights, type WeightPlan } from './check.ts';
import type { TensorEntry } from './safetensors-header.ts';

export const BERT_ARCHITECTURES = ['BertModel', 'BertForMaskedLM', 'BertForPreTraining', 'BertForSequenceClassification', 'bert'] as const;

/** Parameter name → shape of our Bert (HF names, (out, in) layouts). */
export function bertShapes(c: BertConfig): Map<string, readonly number[]> {
  const { nEmbd: C, intermediateSize: I, vocabSize: V } = c;
  const m = new Map<string, readonly number[]>();
  const dense = (p: string, out: number, inp: number) => m.set(`${p}.weight`, [out, inp]).set(`${p}.bias`, [out]);
  const norm = (p: string) => m.set(`${p}.weight`, [C]).set(`${p}.bias`, [C]);
  m.set('bert.embeddings.word_embeddings.weight', [V, C]);
  m.set('bert.embeddings.position_embeddings.weight', [c.contextLength, C]);
  m.set('bert.embeddings.token_type_embeddings.weight', [c.typeVocabSize, C]);
  norm('bert.embeddings.LayerNorm');
  for (let i = 0; i < c.nLayer; i++) {
    const p = `bert.encoder.layer.${i}.`;
    for (const n of ['query', 'key', 'value']) dense(`${p}attention.self.${n}`, C, C);
    dense(`${p}attention.output.dense`, C, C);
    norm(`${p}attention.output.LayerNorm`);
    dense(`${p}intermediate.dense`, I, C);
    dense(`${p}output.dense`, C, I);
    norm(`${p}output.LayerNorm`);
  }
  dense('bert.pooler.dense', C, C);
  dense('cls.predictions.transform.dense', C, C);
  norm('cls.predictions.transform.LayerNorm');
  m.set('cls.predictions.bias', [V]);
  if (c.labels.length > 0) dense('classifier', c.labels.length, C);
  return m;
}

const SKIPPED = /^cls\.predictions\.decoder\.(weight|bias)$|^cls\.seq_relationship\.|(^|\.)embeddings\.position_ids$/;

function rename(n: string): string | null {
  if (SKIPPED.test(n)) return null;
  const name = /^(embeddings|encoder|pooler)\./.test(n) ? `bert.${n}` : n;
  return name.replace(/\.LayerNorm\.gamma$/, '.LayerNorm.weight').replace(/\.LayerNorm\.beta$/, '.LayerNorm.bias');
}

/** The heads an architecture's file does not hold (they keep their initialization). */
function absentHeads(architecture: string): string[] {
  if (architecture === 'BertModel' || architecture === 'bert') return ['cls.'];
  if (architecture === 'BertForMaskedLM') return ['bert.pooler.'];
  if (architecture === 'BertForSequenceClassification') return ['cls.'];
  return [];
}

export function bertPlan(c: BertConfig, architecture: string): WeightPlan {
  const absent = absentHeads(architecture);
  return {
    rename,
    layerPrefix: 'bert.encoder.layer.',
    layers: c.nLayer,
    layerField: 'num_hidden_layers',
    expected: () => bertShapes(c),
    optional: (name) => absent.some((p) => name.startsWith(p)),
  };
}

/** Our Bert with the folder's weights, and the parameters left fresh (a head the architecture lacks). */
export async function loadBertWeights(
  backend: Backend, folder: ModelFolder, configJson: Record<string, unknown>, architecture: string, entries: Map<string, TensorEntry>,
): Promise<{ model: Bert; fresh: string[] }> {
  if (!(BERT_ARCHITECTURES as readonly string[]).includes(architecture)) throw new PretrainedError(`config.json: architecture ${architecture} is not supported (${BERT_ARCHITECTURES.join(', ')})`);
  const config = fromHfBertConfig(configJson);
  const plan = bertPlan(config, architecture);
  const byModel = checkWeights(entries, plan);
  // A head the file lacks keeps a fresh initialization; otherwise every parameter is written next.
  const complete = [...bertShapes(config).keys()].every((n) => byModel.has(n));
  const build = () => new Bert(config, backend, new Rng(0));
  const model = complete ? withoutInit(build) : build();
  try {
    const fresh = await writeWeights(folder, model, byModel, plan);
    model.eval();
    return { model, fresh };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
