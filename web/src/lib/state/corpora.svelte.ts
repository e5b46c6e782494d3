// State of the Corpora page: the list, the selected corpus with its details, and an upload in
// flight with its progress and error.
import { deleteCorpus, getCorpus, listCorpora, uploadCorpus, type CorpusDetail, type CorpusSummary } from '../api.ts';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class CorporaState {
  list = $state<CorpusSummary[]>([]);
  listError = $state('');
  loading = $state(true);
  selectedId = $state<string | null>(null);
  selected = $state<CorpusDetail | null>(null);
  detailLoading = $state(false);
  detailError = $state('');
  uploadProgress = $state<number | null>(null);
  uploadError = $state('');

  async refresh(): Promise<void> {
    try {
      this.list = await listCorpora();
      this.listError = '';
    } catch (err) {
      this.listError = message(err);
    } finally {
      this.loading = false;
    }
  }

  /** Loads a corpus's details; an answer that arrives after a newer click is dropped. */
  async select(id: string): Promise<void> {
    this.selectedId = id;
    this.detailLoading = true;
    this.detailError = '';
    try {
      const detail = await getCorpus(id);
      if (this.selectedId === id) this.selected = detail;
    } catch (err) {
      if (this.selectedId === id) this.detailError = message(err);
    } finally {
      if (this.selectedId === id) this.detailLoading = false;
    }
  }

  async upload(file: File, name: string | undefined): Promise<boolean> {
    this.uploadError = '';
    this.uploadProgress = 0;
    try {
      const created = await uploadCorpus(file, name, (f) => (this.uploadProgress = f));
      await this.refresh();
      await this.select(created.id);
      return true;
    } catch (err) {
      this.uploadError = message(err);
      return false;
    } finally {
      this.uploadProgress = null;
    }
  }

  async remove(id: string): Promise<void> {
    this.detailError = '';
    try {
      await deleteCorpus(id);
      await this.refresh();
      if (this.selectedId === id) {
        this.selectedId = null;
        this.selected = null;
      }
    } catch (err) {
      this.detailError = message(err);
    }
  }
}
