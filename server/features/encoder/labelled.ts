// A labelled corpus for the encoder: a stored corpus (id or name) or a `label<TAB>text` file, as
// texts, labels and — for bundled corpora whose passages share sources (brown-genres) — each
// text's group, so a split keeps a source on one side. Refuses a corpus with no labelled line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseLabelled } from '../../../src/data/labelled.ts';
import { bundledCorpora } from '../../../corpora/manifest.ts';
import { UserError } from '../../errors.ts';
import type { CorpusStore } from '../corpora/store.ts';

export interface LabelledCorpus {
  texts: string[];
  labels: string[];
  groups?: string[];
}

export function labelledFromText(raw: string, where: string, groups?: () => string[]): LabelledCorpus {
  const examples = parseLabelled(raw.replace(/\r\n/g, '\n'));
  if (examples.length === 0) throw new UserError(422, `${where} has no labelled lines: a classifier needs one example per line as label<TAB>text`);
  const g = groups?.();
  return { texts: examples.map((e) => e.text), labels: examples.map((e) => e.label), groups: g && g.length === examples.length ? g : undefined };
}

/** A stored corpus by id or name (an upload is read as labelled when its lines are label<TAB>text). */
export function storedLabelled(store: CorpusStore, idOrName: string): LabelledCorpus & { id: string } {
  const c = store.find(idOrName);
  if (!c) throw new UserError(404, `no corpus file or corpus id/name "${idOrName}"`);
  const bundled = c.source === 'bundled' ? bundledCorpora.find((b) => b.id === c.id) : undefined;
  return { id: c.id, ...labelledFromText(store.text(c.id), `corpus "${c.name}"`, bundled?.groups) };
}

export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function fileLabelled(path: string): LabelledCorpus {
  return labelledFromText(readFileSync(path, 'utf8'), path);
}
