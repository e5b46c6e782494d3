// The Few-shot page's prompt state (fewshot.svelte.ts) without a server: a preset fills every
// field from the library's presets (label words as `name=word` where they differ), examples move,
// are removed and added, and the label words parse into the request's label specs.
import { describe, expect, it } from 'vitest';
import { FEWSHOT_PRESETS } from '../../src/contract/index.ts';
import { FewshotState } from '../../web/src/lib/state/fewshot.svelte.ts';

describe('few-shot prompt state', () => {
  it('a preset fills instruction, template, separator, examples, query and labels', () => {
    const fs = new FewshotState();
    fs.presets = FEWSHOT_PRESETS;
    fs.applyPreset('spam-ham');
    const p = FEWSHOT_PRESETS['spam-ham'];
    expect([fs.instruction, fs.template, fs.separator, fs.query]).toEqual([p.instruction, p.template, p.separator, p.query]);
    expect(fs.examples).toEqual(p.examples);
    expect(fs.labelSpecs).toEqual(p.labels);
    fs.applyPreset('poor-good-english');
    expect(fs.instruction).toBe('');
    expect(fs.labelSpecs).toBeUndefined();
    fs.applyPreset('no such preset');
    expect(fs.preset).toBe('poor-good-english');
  });

  it('moves, removes and adds examples without touching the preset', () => {
    const fs = new FewshotState();
    fs.presets = FEWSHOT_PRESETS;
    fs.applyPreset('english-french');
    const [a, b, c] = FEWSHOT_PRESETS['english-french'].examples;
    fs.move(0, 2);
    expect(fs.examples).toEqual([b, c, a]);
    fs.remove(1);
    expect(fs.examples).toEqual([b, a]);
    fs.add();
    expect(fs.examples.at(-1)).toEqual({ input: '', output: '' });
    expect(FEWSHOT_PRESETS['english-french'].examples).toEqual([a, b, c]);
    fs.labels = 'fr=loutre, en= otter';
    expect(fs.labelSpecs).toEqual([{ name: 'fr', verbaliser: 'loutre' }, { name: 'en', verbaliser: 'otter' }]);
  });

  it('refuses to run without a model, saying what to do', async () => {
    const fs = new FewshotState();
    await fs.run();
    expect(fs.error).toMatch(/train a GPT first/);
    expect(fs.busy).toBe(false);
  });
});
