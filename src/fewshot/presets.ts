// The Few-shot page's and CLI's starting prompts: the course's "Poor English input / Good English
// output" rewrite, GPT-3's English → French word translation, and a spam-vs-ham classification
// with label words. Leaves out corpora: a sweep draws its examples from a labelled corpus.
// Reference: Brown et al. 2020, fig. 2.1 (translation) and fig. 3.17 (poor → good English).
import type { PromptSpec } from './prompt.ts';
import type { LabelSpec } from './scoring.ts';

export interface FewshotPreset extends PromptSpec {
  title: string;
  /** Label verbalisers to score, for a classification preset. */
  labels?: LabelSpec[];
}

export const FEWSHOT_PRESETS = {
  'poor-good-english': {
    title: 'Poor English → good English (Brown et al. 2020)',
    template: 'Poor English input: {input}\nGood English output: {output}',
    separator: '\n',
    examples: [
      { input: 'I eated the purple berries.', output: 'I ate the purple berries.' },
      { input: 'The mentioned changes have done.', output: 'The requested changes have been made.' },
      { input: 'I’d be more than happy to work with you in another project.', output: 'I’d be more than happy to work with you on another project.' },
    ],
    query: 'Please provide a short brief of the design you’re looking for.',
  },
  'english-french': {
    title: 'English → French words (GPT-3’s few-shot figure)',
    instruction: 'Translate English to French:',
    template: '{input} => {output}',
    separator: '\n',
    examples: [
      { input: 'sea otter', output: 'loutre de mer' },
      { input: 'peppermint', output: 'menthe poivrée' },
      { input: 'plush giraffe', output: 'girafe peluche' },
    ],
    query: 'cheese',
  },
  'spam-ham': {
    title: 'Spam or ham, from the subject line',
    instruction: 'Is this e-mail spam or ham (a normal message)?',
    template: 'Subject: {input}\nAnswer: {output}',
    separator: '\n\n',
    examples: [
      { input: 'You have WON a free cruise!!! Claim now', output: 'spam' },
      { input: 'Minutes of Tuesday’s meeting', output: 'ham' },
      { input: 'Cheap meds, no prescription needed', output: 'spam' },
      { input: 'Re: draft of the grant report', output: 'ham' },
    ],
    query: 'Lowest mortgage rates guaranteed - act today',
    labels: [
      { name: 'spam', verbaliser: 'spam' },
      { name: 'ham', verbaliser: 'ham' },
    ],
  },
} satisfies Record<string, FewshotPreset>;

export type FewshotPresetName = keyof typeof FEWSHOT_PRESETS;
