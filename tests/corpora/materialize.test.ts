import { describe, expect, it } from 'vitest';
import { bpeClassicText, bundledCorpora } from '../../corpora/manifest.ts';
import { brownText, untagSentence } from '../../corpora/brown.ts';
import { emailText, htmlToText } from '../../corpora/email-text.ts';
import { spamAssassinText } from '../../corpora/spam-assassin.ts';
import { wordCounts } from '../../src/data/corpus-stats.ts';

describe('bundled corpora', () => {
  it('has the classic BPE example with exact word counts', () => {
    expect([...wordCounts(bpeClassicText())]).toEqual([['low', 5], ['lowest', 2], ['newer', 6], ['wider', 3], ['new', 2]]);
  });

  it('lists unique, path-safe ids', () => {
    const ids = bundledCorpora.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });
});

describe('Brown corpus', () => {
  it('strips tags and detokenizes punctuation', () => {
    expect(untagSentence("\tThe/at jury/nn said/vbd ``/`` no/at ''/'' ,/, it's/pps+bez 1/2/cd ./.")).toBe(
      "The jury said \" no \", it's 1/2.",
    );
  });

  it('gives one untagged sentence per line for all 500 texts', () => {
    const text = brownText();
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(50_000);
    expect(lines[0]).toMatch(/^The Fulton County Grand Jury said Friday an investigation/);
    // One source token, `material/hr./*0F./in./nn`, really contains a slash; nothing else may.
    expect([...text.matchAll(/\w\/(at|nn|vbd|in)\b/g)].length).toBeLessThanOrEqual(1);
  });
});

describe('SpamAssassin corpus', () => {
  it('decodes multipart, base64 and quoted-printable bodies', () => {
    const raw = [
      'Subject: Hello there',
      'Content-Type: multipart/alternative; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'caf=E9 is =',
      'open',
      '--XX',
      'Content-Type: text/html',
      '',
      '<p>ignored</p>',
      '--XX--',
    ].join('\n');
    expect(emailText(raw)).toBe('Hello there café is open');
    const b64 = `Subject: B\nContent-Transfer-Encoding: base64\n\n${Buffer.from('plain words').toString('base64')}\n`;
    expect(emailText(b64)).toBe('B plain words');
  });

  it('strips HTML tags, scripts and entities', () => {
    expect(htmlToText('<style>x{}</style><b>Buy</b>&nbsp;now &amp; save&#33;').replace(/\s+/g, ' ').trim()).toBe('Buy now & save!');
  });

  it('labels 4150 ham and 1896 spam emails, one per line', () => {
    const lines = spamAssassinText().trimEnd().split('\n');
    expect(lines).toHaveLength(6046);
    const labels = lines.map((l) => l.slice(0, l.indexOf('\t')));
    expect(labels.filter((l) => l === 'ham')).toHaveLength(4150);
    expect(labels.filter((l) => l === 'spam')).toHaveLength(1896);
    expect(lines.every((l) => /^(ham|spam)\t\S/.test(l))).toBe(true);
  });
});
