// State of the Tokenizer page: stored tokenizers, a training job with its progress curve, the
// text being tokenized, and the tokenizers loaded into the browser (the library runs here too).
import {
  cancelJob, followJob, listCorpora, listTokenizers, tokenizerJson, trainTokenizer,
  type CorpusSummary, type TokenizerSummary, type TrainRequest,
} from '../api.ts';
import { fromTokenizerJson, gpt2FromTiktokenRanks, type LearnProgress, type Tokenizer } from '../../../../src/tokenizers/index.ts';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const CLASSIC_TEXT = 'low low low low low lowest lowest newer newer newer newer newer newer wider wider wider new new';

export class TokenizersState {
  list = $state<TokenizerSummary[]>([]);
  corpora = $state<CorpusSummary[]>([]);
  error = $state('');
  selectedId = $state('gpt2');
  text = $state('The quick brown fox jumps over the lazy dog.\nIt\'s 2026 — tokenizers merge  spaces, digits 12345 and emoji 👩‍👩‍👧.');
  jobId = $state<string | null>(null);
  progress = $state<LearnProgress[]>([]);
  trainError = $state('');
  loaded = $state<Record<string, Tokenizer>>({});
  private stop: (() => void) | undefined;

  async refresh(): Promise<void> {
    try {
      [this.list, this.corpora] = await Promise.all([listTokenizers(), listCorpora()]);
      this.error = '';
    } catch (err) {
      this.error = message(err);
    }
  }

  /** The tokenizer, loaded into the browser on first use (GPT-2 from the ranks js-tiktoken ships). */
  async load(id: string): Promise<Tokenizer> {
    const hit = this.loaded[id];
    if (hit) return hit;
    const tok =
      id === 'gpt2'
        ? gpt2FromTiktokenRanks((await import('js-tiktoken/ranks/gpt2')).default)
        : fromTokenizerJson(await tokenizerJson(id));
    this.loaded = { ...this.loaded, [id]: tok };
    return tok;
  }

  async train(req: TrainRequest): Promise<void> {
    this.trainError = '';
    this.progress = [];
    try {
      const job = await trainTokenizer(req);
      this.jobId = job.id;
      this.stop = followJob(job.id, {
        progress: (p) => (this.progress = [...this.progress, p as LearnProgress]),
        done: async (result) => {
          this.jobId = null;
          await this.refresh();
          const saved = (result as { tokenizer: TokenizerSummary }).tokenizer;
          this.selectedId = saved.id;
        },
        failed: (error) => {
          this.jobId = null;
          this.trainError = error;
        },
      });
    } catch (err) {
      this.trainError = message(err);
    }
  }

  async cancel(): Promise<void> {
    if (!this.jobId) return;
    this.stop?.();
    await cancelJob(this.jobId).catch(() => undefined);
    this.jobId = null;
    this.trainError = 'stopped';
  }
}
