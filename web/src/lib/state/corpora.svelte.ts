// State of the Corpora page: the list, the selected corpus with its details, and an upload in
// flight with its progress and error.
import { deleteCorpus, getCorpus, listCorpora, uploadCorpus, type CorpusDetail, type CorpusSummary } from '../api.ts';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class CorporaState {
  list = $state<CorpusSummary[]>([]);
  listError = $state('');
  loading = $state(true);
  selected = $state<CorpusDetail | null>(null);
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

  async select(id: string): Promise<void> {
    try {
      this.selected = await getCorpus(id);
      this.detailError = '';
    } catch (err) {
      this.detailError = message(err);
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
    try {
      await deleteCorpus(id);
      if (this.selected?.id === id) this.selected = null;
      await this.refresh();
    } catch (err) {
      this.detailError = message(err);
    }
  }
}
