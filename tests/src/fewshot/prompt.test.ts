// Building few-shot prompts: templates and their errors, token counts per part (checked against
// tiktoken's GPT-2 encoding of the whole text), the context check, dropping examples (saying
// which), the begin-of-text token, and the query's trailing space moved to the answer.
import { afterAll, describe, expect, it } from 'vitest';
import { get_encoding } from 'tiktoken';
import ranks from 'js-tiktoken/ranks/gpt2';
import { bpeCodec, charCodecFromText, gpt2FromTiktokenRanks } from '../../../src/tokenizers/index.ts';
import { buildPrompt, ContextOverflow, FEWSHOT_PRESETS, FewshotError, parseTemplate, verbaliserIds, type PromptSpec, type TextCodec } from '../../../src/fewshot/index.ts';

const tiktoken = get_encoding('gpt2');
afterAll(() => tiktoken.free());
const gpt2 = bpeCodec(gpt2FromTiktokenRanks(ranks));

const poorGood: PromptSpec = {
  instruction: 'Correct the grammar.',
  template: 'Poor English input: {input}\nGood English output: {output}',
  separator: '\n\n',
  examples: [
    { input: 'I eated the purple berries.', output: 'I ate the purple berries.' },
    { input: 'Thank you for picking me as your designer. I’d appreciate it.', output: 'Thank you for choosing me as your designer. I appreciate it.' },
    { input: 'The mentioned changes have done.', output: 'The requested changes have been made.' },
  ],
  query: 'I’d be more than happy to work with you in another project.',
};

describe('templates', () => {
  it('needs {input} and {output} once each, input first', () => {
    expect(() => parseTemplate('Q: {question}\nA: {output}')).toThrow(/no \{input\} slot/);
    expect(() => parseTemplate('{input} =>')).toThrow(/no \{output\} slot/);
    expect(() => parseTemplate('{input} {input} => {output}')).toThrow(/\{input\} more than once/);
    expect(() => parseTemplate('{output} <= {input}')).toThrow(/\{output\} before \{input\}/);
    expect(parseTemplate('Q: {input}\nA: {output}.')).toEqual({ text: 'Q: {input}\nA: {output}.', head: 'Q: ', middle: '\nA: ', tail: '.' });
  });
});

describe('buildPrompt', () => {
  it('tokenizes the whole text as GPT-2 does and counts every part', () => {
    const p = buildPrompt(poorGood, gpt2, { contextLength: 1024 });
    expect(p.text).toBe(
      'Correct the grammar.\n\n' +
        poorGood.examples.map((e) => `Poor English input: ${e.input}\nGood English output: ${e.output}\n\n`).join('') +
        `Poor English input: ${poorGood.query}\nGood English output:`,
    );
    expect(p.answerLead).toBe(' ');
    expect(p.ids).toEqual(Array.from(tiktoken.encode(p.text)));
    expect(p.parts.map((x) => x.name)).toEqual(['instruction', 'example 1', 'example 2', 'example 3', 'query']);
    expect(p.parts.reduce((n, x) => n + x.tokens, 0)).toBe(p.ids.length);
    // Each part's tokens decode to its own text (every boundary here falls between tokens).
    for (const part of p.parts) expect(gpt2.decode(p.ids.slice(part.start, part.end))).toBe(part.text);
    // In context "\n\n" before a word is two tokens, not GPT-2's one "\n\n" token of the part alone.
    expect(p.parts[0]!.tokens).toBe(tiktoken.encode('Correct the grammar.\n\nPoor').length - 1);
    expect(p.parts[0]!.tokens).toBe(tiktoken.encode('Correct the grammar.\n\n').length + 1);
  });

  it('keeps the trailing space in the query when asked', () => {
    const p = buildPrompt({ ...poorGood, template: '{input} => {output}' }, gpt2, { contextLength: 1024, trimQuery: false });
    expect(p.text.endsWith('project. => ')).toBe(true);
    expect(p.answerLead).toBe('');
  });

  it('refuses a prompt over the context, naming the counts', () => {
    const full = buildPrompt(poorGood, gpt2, { contextLength: 1024 }).ids.length;
    expect(() => buildPrompt(poorGood, gpt2, { contextLength: full - 1 })).toThrow(ContextOverflow);
    expect(() => buildPrompt(poorGood, gpt2, { contextLength: full - 1 })).toThrow(new RegExp(`needs ${full} tokens \\(instruction \\d+, 3 examples \\d+, query \\d+\\), over the context length ${full - 1} by 1`));
    expect(() => buildPrompt(poorGood, gpt2, { contextLength: full, reserve: 2 })).toThrow(/\+ 2 kept for the answer/);
    expect(buildPrompt(poorGood, gpt2, { contextLength: full }).dropped).toEqual([]);
  });

  it('drops examples from the first on when asked, and says which', () => {
    const all = buildPrompt(poorGood, gpt2, { contextLength: 1024 });
    const [, e1, e2] = all.parts;
    const p = buildPrompt(poorGood, gpt2, { contextLength: all.ids.length - e1!.tokens - 1, overflow: 'drop' });
    expect(p.dropped).toEqual([0, 1]);
    expect(p.kept).toEqual([2]);
    expect(p.parts.map((x) => x.name)).toEqual(['instruction', 'example 3', 'query']);
    const q = buildPrompt(poorGood, gpt2, { contextLength: all.ids.length - e1!.tokens, overflow: 'drop' });
    expect(q.dropped).toEqual([0]);
    expect(q.ids.length).toBe(all.ids.length - e1!.tokens);
    expect(e2!.tokens).toBeGreaterThan(0);
    const bare = buildPrompt({ ...poorGood, examples: [] }, gpt2, { contextLength: 1024 }).ids.length;
    expect(() => buildPrompt(poorGood, gpt2, { contextLength: bare - 1, overflow: 'drop' })).toThrow(/even with every example dropped/);
  });

  it('counts characters with a character vocabulary and puts a begin-of-text token first', () => {
    const chars = charCodecFromText('abcABC=>\n');
    const spec: PromptSpec = { template: '{input}=>{output}', examples: [{ input: 'a', output: 'A' }, { input: 'b', output: 'B' }], query: 'c' };
    const p = buildPrompt(spec, chars, { contextLength: 16 });
    expect(p.text).toBe('a=>A\nb=>B\nc=>');
    expect(p.parts.map((x) => [x.name, x.tokens])).toEqual([['example 1', 5], ['example 2', 5], ['query', 3]]);
    const withBos: TextCodec = { encode: (t) => chars.encode(t), decode: (ids) => chars.decode(ids), beginOfText: 7 };
    const b = buildPrompt(spec, withBos, { contextLength: 16 });
    expect(b.ids).toEqual([7, ...p.ids]);
    expect(b.parts.map((x) => [x.name, x.start, x.end])).toEqual([['start', 0, 1], ['example 1', 1, 6], ['example 2', 6, 11], ['query', 11, 14]]);
  });

  it('names bad input', () => {
    const chars = charCodecFromText('abc=>\n');
    const spec: PromptSpec = { template: '{input}=>{output}', examples: [], query: 'a' };
    expect(() => buildPrompt(spec, chars, { contextLength: 0 })).toThrow(/context length must be a positive integer/);
    expect(() => buildPrompt({ ...spec, template: '=> {output}' }, chars, { contextLength: 8 })).toThrow(FewshotError);
    expect(() => buildPrompt({ ...spec, query: 'z' }, chars, { contextLength: 8 })).toThrow(/"z".*not in this model's vocabulary/);
    expect(() => buildPrompt({ ...spec, examples: [{ input: 'a', output: 'b' }, { input: 'a' } as never] }, chars, { contextLength: 8 })).toThrow(/example 2 needs a text input and output/);
  });
});

describe('presets', () => {
  it.each(Object.entries(FEWSHOT_PRESETS))('%s builds on GPT-2’s tokenizer, every example counted', (_name, preset) => {
    const p = buildPrompt(preset, gpt2, { contextLength: 1024 });
    expect(p.ids).toEqual(Array.from(tiktoken.encode(p.text)));
    expect(p.parts.filter((x) => x.kind === 'example')).toHaveLength(preset.examples.length);
    expect(p.text.endsWith(preset.query + parseTemplate(preset.template).middle.trimEnd())).toBe(true);
    for (const label of 'labels' in preset ? preset.labels : []) expect(verbaliserIds(gpt2, p, label)).toHaveLength(1); // " spam", " ham"
  });
});
