// Count parameters are capped: the vector-space projection's ?n= over its cap (say 1e6) or not a
// whole number is refused 400 naming the range, instead of projecting every word of the set.
import { afterAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.ts';
import { MAX_TOP_WORDS } from '../../server/features/word2vec/routes.ts';

const t = testServer();
afterAll(() => t.cleanup());

describe('count caps', () => {
  it('refuses /top?n= beyond its cap or not a whole number', async () => {
    for (const n of ['1e6', String(MAX_TOP_WORDS + 1), '2.5', 'abc', '1']) {
      const res = await t.app.request(`/api/embeddings/vectors/v-none/top?n=${n}`);
      expect(res.status, n).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(new RegExp(`n must be a whole number from 2 to ${MAX_TOP_WORDS}`));
    }
  });
});
