// A sweep's labelled set from a labelled corpus (`label<TAB>text` per line): texts cut to their
// first line and a few characters (subject lines, the first line of a mail), the labels and
// their verbalisers (default: each label's own name), held-out queries and a stratified pool.
// Leaves out choosing examples by similarity. Reference: src/fewshot/draw.ts (holdOut).
import { Rng } from '../../../src/nn/random.ts';
import { parseLabelled, type LabelledExample } from '../../../src/data/labelled.ts';
import { holdOut, type SweepSpec } from '../../../src/fewshot/index.ts';
import type { FewshotSweepParams } from '../../../src/contract/fewshot.ts';
import { UserError } from '../../errors.ts';

export interface CorpusSweep {
  spec: SweepSpec;
  pool: number;
  queries: number;
}

const cut = (text: string, chars: number) => (text.split(/\r?\n/)[0] ?? '').trim().slice(0, chars).trim();

export function sweepFromCorpus(corpusText: string, p: FewshotSweepParams): CorpusSweep {
  let items: LabelledExample[] = parseLabelled(corpusText)
    .map((e) => ({ label: e.label, text: cut(e.text, p.textChars) }))
    .filter((e) => e.text.length > 0);
  const seen = [...new Set(items.map((e) => e.label))];
  if (seen.length < 2) throw new UserError(400, `the corpus is not a labelled set with two or more labels (found ${seen.length}): write one example per line as label<TAB>text`);
  const labels = p.labels ?? seen.map((name) => ({ name, verbaliser: name }));
  const named = new Set(labels.map((l) => l.name));
  const unknown = labels.filter((l) => !seen.includes(l.name)).map((l) => l.name);
  if (unknown.length) throw new UserError(400, `labels ${unknown.join(', ')} are not in the corpus (its labels: ${seen.slice(0, 20).join(', ')})`);
  items = items.filter((e) => named.has(e.label));
  if (p.queries >= items.length) throw new UserError(400, `queries = ${p.queries} leaves no pool: the corpus has ${items.length} usable examples`);
  const rng = new Rng(p.seed);
  const split = holdOut(items, p.queries, rng);
  const pool = split.pool.length > p.poolSize ? holdOut(split.pool, p.poolSize, rng).queries : split.pool;
  const spec: SweepSpec = { instruction: p.instruction, template: p.template, separator: p.separator, trimQuery: p.trimQuery, labels, pool, queries: split.queries };
  return { spec, pool: pool.length, queries: split.queries.length };
}
