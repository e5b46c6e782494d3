// GPT-2's tokenizer from tiktoken-format ranks (js-tiktoken's `! <rank> base64 …` runs), handed in:
// a token of rank r is the merge of two lower-rank tokens, found by BPE on its own bytes over the
// lower ranks (as tiktoken's data-gym conversion implies). Other patterns (cl100k, o200k) are refused.
import { TokenizerError } from './errors.ts';
import { BYTE_TO_CHAR, GPT2_PATTERN } from './pretokenize.ts';
import { Tokenizer } from './bpe/segment.ts';

export interface TiktokenRanks {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
  /** The pre-tokenization pattern, when given: it must be GPT-2's. */
  pat_str?: string;
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
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 255);
    }
  }
  if (out.length === 0) throw new TokenizerError(`empty token ${JSON.stringify(s)} in the ranks`);
  return out;
}

/** Token strings (byte-level characters) by rank. */
export function parseTiktokenRanks(data: TiktokenRanks): string[] {
  if (typeof data !== 'object' || data === null || typeof data.bpe_ranks !== 'string') throw new TokenizerError('the ranks must be an object with a bpe_ranks string');
  const ranks: string[] = [];
  for (const run of data.bpe_ranks.split('!').map((r) => r.trim()).filter(Boolean)) {
    const [offsetText, ...tokens] = run.split(/\s+/);
    let rank = Number(offsetText);
    if (!Number.isInteger(rank) || rank < ranks.length) throw new TokenizerError(`bad rank offset ${JSON.stringify(offsetText)} (after ${ranks.length} tokens)`);
    if (rank > ranks.length) throw new TokenizerError(`the ranks skip from ${ranks.length} to ${rank}: no token has rank ${ranks.length}`);
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
  for (const p of parts) if (!(rankOf.get(p)! < rank)) throw new TokenizerError(`token of rank ${rank} cannot be built from lower ranks`);
  return [parts[0]!, parts[1]!];
}

/** GPT-2 (`gpt2` / `r50k_base`) as a byte-mode Tokenizer: 50,000 merges, `<|endoftext|>` = 50256. */
export function gpt2FromTiktokenRanks(data: TiktokenRanks): Tokenizer {
  const ranks = parseTiktokenRanks(data);
  if (data.pat_str !== undefined && data.pat_str !== GPT2_PATTERN.source) {
    throw new TokenizerError(`the ranks use the pre-tokenization pattern ${JSON.stringify(data.pat_str)}; only GPT-2's is supported`);
  }
  if (typeof data.special_tokens !== 'object' || data.special_tokens === null) throw new TokenizerError('the ranks must have a special_tokens object');
  const specials = Object.entries(data.special_tokens).sort((a, b) => a[1] - b[1]);
  const rankOf = new Map<string, number>();
  ranks.forEach((t, r) => {
    if (rankOf.has(t)) throw new TokenizerError(`the ranks hold the same token at ranks ${rankOf.get(t)} and ${r}`);
    rankOf.set(t, r);
  });
  const missing = BYTE_TO_CHAR.findIndex((c) => !rankOf.has(c));
  if (missing >= 0) throw new TokenizerError(`the ranks have no token for the single byte 0x${missing.toString(16)}: all 256 bytes are needed`);
  const vocab = [...ranks];
  for (const [t, id] of specials) {
    if (id !== vocab.length) throw new TokenizerError(`special token ${t} has id ${id}, expected ${vocab.length} (right after the ranks)`);
    vocab.push(t);
  }
  const merges: [string, string][] = [];
  ranks.forEach((t, r) => {
    if (t.length > 1) merges.push(splitToken(t, r, rankOf));
  });
  return new Tokenizer({ mode: 'byte', vocab, merges, specialTokens: specials.map(([t]) => t) });
}
