// GPT-2's tokenizer from its BPE ranks as tiktoken's file format gives them (one line: the pattern,
// special tokens, and `! <offset> base64 base64 …` runs of tokens in rank order). A token of
// rank r is the merge of two lower-rank tokens; which two is recovered by running BPE on the
// token's own bytes over the lower ranks. The ranks are handed in; nothing is fetched.
import { TokenizerError } from './errors.ts';
import { BYTE_TO_CHAR } from './pretokenize.ts';
import { Tokenizer } from './bpe/segment.ts';

export interface TiktokenRanks {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function base64Bytes(s: string): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of s) {
    if (c === '=') break;
    const v = B64_INDEX.get(c);
    if (v === undefined) throw new TokenizerError(`bad base64 character ${JSON.stringify(c)} in the ranks`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 255);
    }
  }
  return out;
}

/** Token strings (byte-level characters) by rank. */
export function parseTiktokenRanks(data: TiktokenRanks): string[] {
  const ranks: string[] = [];
  for (const run of data.bpe_ranks.split('!').map((r) => r.trim()).filter(Boolean)) {
    const [offsetText, ...tokens] = run.split(' ');
    let rank = Number(offsetText);
    if (!Number.isInteger(rank)) throw new TokenizerError(`bad rank offset ${JSON.stringify(offsetText)}`);
    for (const t of tokens) ranks[rank++] = base64Bytes(t).map((b) => BYTE_TO_CHAR[b]!).join('');
  }
  return ranks;
}

/** The two lower-ranked tokens whose merge makes `token` (BPE on its bytes, stopping below its rank). */
function splitToken(token: string, rank: number, rankOf: Map<string, number>): [string, string] {
  let parts = [...token];
  while (parts.length > 2) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const r = rankOf.get(parts[i]! + parts[i + 1]!);
      if (r !== undefined && r < rank && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) throw new TokenizerError(`token of rank ${rank} cannot be built from lower ranks`);
    parts = [...parts.slice(0, best), parts[best]! + parts[best + 1]!, ...parts.slice(best + 2)];
  }
  return [parts[0]!, parts[1]!];
}

export function gpt2FromTiktokenRanks(data: TiktokenRanks): Tokenizer {
  const ranks = parseTiktokenRanks(data);
  const rankOf = new Map(ranks.map((t, r) => [t, r]));
  const merges: [string, string][] = [];
  for (let r = 256; r < ranks.length; r++) merges.push(splitToken(ranks[r]!, r, rankOf));
  const vocab = [...ranks];
  const specials = Object.entries(data.special_tokens).sort((a, b) => a[1] - b[1]);
  for (const [t, id] of specials) {
    if (id !== vocab.length) throw new TokenizerError(`special token ${t} has id ${id}, expected ${vocab.length}`);
    vocab.push(t);
  }
  return new Tokenizer({ mode: 'byte', vocab, merges, specialTokens: specials.map(([t]) => t) });
}
