// The GPT page's form: data (corpus, tokenizer), the model (a preset, then every field of the
// model config), the recipe (every field of the training config, optimizer included), and where
// it trains. Defaults and field names are the contract's; checks are the contract's schema and
// the library's own, so the form says what the server would. Builds the one start request.
import * as api from '../api.ts';
import {
  defaultTrainConfig, describeIssue, gptPresets, startGptRunRequestSchema, type BackendChoice, type GptConfig, type GptPresetName,
  type GptTrainConfig, type CorpusSummary, type TokenizerSummary,
} from '../../../../src/contract/index.ts';
import { resolveTrainConfig } from '../../../../src/training/gpt-train-config.ts';
import { resolveModelRequest } from '../../../../src/contract/training.ts';
import type { Place, TrainingRequest } from '../training/training-session.ts';

export type ModelFields = Omit<GptConfig, 'vocabSize'>;

/** Fields a user may leave empty: the library's rule then fills them (what the placeholder says). */
export const AUTO_FIELDS = { minLr: 'lr / 10', warmupSteps: `min(${defaultTrainConfig.warmupSteps}, steps)` } as const;
type AutoField = keyof typeof AUTO_FIELDS;
export type TrainFields = Omit<GptTrainConfig, AutoField> & { [K in AutoField]: GptTrainConfig[K] | null };

export function presetModel(name: GptPresetName): ModelFields {
  const { vocabSize: _, ...model } = gptPresets[name];
  return model;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class GptFormState {
  corpora = $state<CorpusSummary[]>([]);
  tokenizers = $state<TokenizerSummary[]>([]);
  loadError = $state('');

  name = $state('my gpt');
  corpusId = $state('');
  tokenizer = $state('char');
  preset = $state<GptPresetName>('baby');
  model = $state<ModelFields>(presetModel('baby'));
  train = $state<TrainFields>({ ...defaultTrainConfig, minLr: null, warmupSteps: null });
  backend = $state<BackendChoice>('auto');
  place = $state<Place>('browser');

  /** What keeps the form from training, in the server's words (null: nothing). */
  problem = $derived.by(() => formProblem(this.request()));

  async load(): Promise<void> {
    try {
      const [corpora, tokenizers] = await Promise.all([api.listCorpora(), api.listTokenizers()]);
      this.corpora = corpora.filter((c) => c.bytes > 1000);
      this.tokenizers = tokenizers;
      if (!this.corpusId) this.corpusId = this.corpora.find((c) => c.id === 'brown')?.id ?? this.corpora[0]?.id ?? '';
      this.loadError = '';
    } catch (err) {
      this.loadError = message(err);
    }
  }

  /** Every model field from the preset (what the user changed is replaced). */
  applyPreset(name: GptPresetName): void {
    this.preset = name;
    this.model = presetModel(name);
  }

  /** The start request (a plain object): fields left empty under AUTO_FIELDS are not sent. */
  request(): TrainingRequest {
    const train = Object.fromEntries(Object.entries($state.snapshot(this.train)).filter(([k, v]) => !(v === null && k in AUTO_FIELDS)));
    return {
      name: this.name, corpusId: this.corpusId, tokenizer: this.tokenizer, backend: this.backend,
      model: { preset: this.preset, ...$state.snapshot(this.model) }, train,
    };
  }
}

/** The first problem of a request: the contract's bounds, then the library's checks of the whole configs. */
export function formProblem(req: TrainingRequest): string | null {
  const parsed = startGptRunRequestSchema.safeParse(req);
  if (!parsed.success) return describeIssue(parsed.error);
  try {
    resolveModelRequest(parsed.data.model, 1);
  } catch (err) {
    return `invalid field "model": ${message(err)}`;
  }
  try {
    resolveTrainConfig(parsed.data.train);
  } catch (err) {
    return `invalid field "train": ${message(err)}`;
  }
  return null;
}

/** The recipe's fields as the form groups them (every field of the training config, once). */
export const TRAIN_GROUPS: { title: string; fields: (keyof GptTrainConfig)[] }[] = [
  { title: 'Optimizer', fields: ['optimizer', 'lr', 'momentum', 'beta1', 'beta2', 'eps', 'weightDecay', 'gradClip'] },
  { title: 'Schedule', fields: ['schedule', 'warmupSteps', 'minLr', 'decayEvery', 'decayFactor'] },
  { title: 'Run', fields: ['steps', 'batchSize', 'gradAccum', 'evalEvery', 'evalBatches', 'valFraction', 'patience', 'seed', 'sampleTokens'] },
];

/** Whether a field takes part with this optimizer and schedule (others are shown greyed out). */
export function fieldInUse(field: keyof GptTrainConfig, t: Pick<GptTrainConfig, 'optimizer' | 'schedule'>): boolean {
  switch (field) {
    case 'momentum':
      return t.optimizer === 'sgd-momentum';
    case 'beta1':
    case 'beta2':
    case 'eps':
      return t.optimizer === 'adam' || t.optimizer === 'adamw';
    case 'minLr':
      return t.schedule === 'cosine';
    case 'decayEvery':
      return t.schedule === 'step';
    case 'decayFactor':
      return t.schedule === 'step' || t.schedule === 'exponential';
    default:
      return true;
  }
}
