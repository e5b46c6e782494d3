// The runs table's status text (issue 18 §5): the reason once, never "interrupted: interrupted: …".
import { describe, expect, it } from 'vitest';
import { runStatusText } from '../../web/src/lib/state/gpt-runs.svelte.ts';

describe('run status text', () => {
  it('names the status and its reason once', () => {
    expect(runStatusText({ status: 'done', error: null })).toBe('done');
    expect(runStatusText({ status: 'failed', error: 'out of memory' })).toBe('failed: out of memory');
    expect(runStatusText({ status: 'interrupted', error: 'interrupted: the server stopped while it ran' })).toBe('interrupted: the server stopped while it ran');
  });
});
