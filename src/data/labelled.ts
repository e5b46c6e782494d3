// Labelled corpora: one example per line as `label<TAB>text` (the format bundled SpamAssassin and
// user classification sets use). Splits them into texts and label counts; lines without a
// label are skipped.

export interface LabelCount {
  label: string;
  count: number;
}

export interface LabelledExample {
  label: string;
  text: string;
}

export function parseLabelled(text: string): LabelledExample[] {
  const out: LabelledExample[] = [];
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) out.push({ label: line.slice(0, tab), text: line.slice(tab + 1) });
  }
  return out;
}

/** The texts of a labelled corpus joined by newlines, and how often each label occurs. */
export function splitLabelled(text: string): { texts: string; labels: LabelCount[] } {
  const examples = parseLabelled(text);
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return {
    texts: examples.map((e) => e.text).join('\n'),
    labels: [...counts].map(([label, count]) => ({ label, count })),
  };
}
