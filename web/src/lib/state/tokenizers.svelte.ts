// State of the Tokenizer page: stored tokenizers, a training job with its progress curve, the
// text being tokenized, and the tokenizers loaded into the browser (the library runs here too).
import { followJob, listCorpora, listTokenizers, stopJob, tokenizerJson, trainTokenizer, type CorpusSummary, type TokenizerSummary } from '../api.ts';
import type { TokenizerProgress } from '../../../../src/contract/index.ts';
import { fromTokenizerJson, gpt2FromTiktokenRanks, type Tokenizer } from '../../../../src/tokenizers/index.ts';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const CLASSIC_TEXT = 'low low low low low lowest lowest newer newer newer newer newer newer wider wider wider new new';

export class TokenizersState {
  list = $state<TokenizerSummary[]>([]);
  corpora = $state<CorpusSummary[]>([]);
  error = $state('');
  selectedId = $state('gpt2');
  text = $state('The quick brown fox jumps over the lazy dog.\nIt\'s 2026 — tokenizers merge  spaces, digits 12345 and emoji 👩‍👩‍👧.');
  jobId = $state<string | null>(null);
  progress = $state<TokenizerProgress[]>([]);
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

  async train(req: Parameters<typeof trainTokenizer>[0]): Promise<void> {
    this.trainError = '';
    this.progress = [];
    try {
      const { job } = await trainTokenizer(req);
      this.jobId = job.id;
      this.stop = followJob<'tokenizer.train'>(job.id, {
        progress: (events) => (this.progress = [...this.progress, ...events]),
        done: async (result) => {
          this.jobId = null;
          await this.refresh();
          this.selectedId = result.tokenizer.id;
        },
        failed: (error) => {
          this.jobId = null;
          this.trainError = error;
        },
        cancelled: () => {
          this.jobId = null;
          this.trainError = 'stopped';
        },
      });
    } catch (err) {
      this.trainError = message(err);
    }
  }

  async cancel(): Promise<void> {
    if (!this.jobId) return;
    this.stop?.();
    await stopJob(this.jobId).catch(() => undefined);
    this.jobId = null;
    this.trainError = 'stopped';
  }
}
