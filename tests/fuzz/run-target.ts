// The worker's loop: mutant i of a target is seed file set (i mod seeds), one to three
// mutations from Rng(seed + i), so any reported mutant is reproduced by its index alone.
import { Rng } from '../../src/nn/random.ts';
import { utf8Decode, utf8Encode } from '../../src/data/utf8.ts';
import { mutateBytes, mutateJson } from './mutate.ts';
import { targets, type Files } from './targets.ts';

export interface FuzzMessage {
  type: 'mutant' | 'crash' | 'accepted-bad' | 'done';
  index?: number;
  file?: string;
  detail?: string;
  accepted?: number;
  rejected?: number;
}

function mutate(seed: Files, rng: Rng): { files: Files; file: string } {
  const names = Object.keys(seed).filter((n) => !n.startsWith('.'));
  const file = names[Math.floor(rng.next() * names.length)]!;
  let bytes = seed[file]!;
  for (let n = 1 + Math.floor(rng.next() * 3); n > 0; n--) {
    if (file.endsWith('.json') && rng.next() < 0.6) {
      try {
        bytes = Uint8Array.from(utf8Encode(JSON.stringify(mutateJson(JSON.parse(utf8Decode(bytes)), rng))));
        continue;
      } catch {
        // not JSON any more after an earlier byte mutation: mutate its bytes
      }
    }
    bytes = mutateBytes(bytes, rng);
  }
  return { files: { ...seed, [file]: bytes }, file };
}

/** A crash is anything but a domain error with a message: a TypeError, a RangeError, a bare SyntaxError, an allocation over the cap. */
function isCrash(err: unknown, isCapError: (e: unknown) => boolean): boolean {
  if (!(err instanceof Error) || isCapError(err)) return true;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError) return true;
  return err.message.trim().length === 0;
}

export async function runTarget(opts: { target: string; count: number; seed: number }, isCapError: (e: unknown) => boolean, post: (m: FuzzMessage) => void): Promise<void> {
  const target = targets.find((t) => t.name === opts.target);
  if (!target) throw new Error(`no fuzz target ${opts.target}`);
  const seeds = await target.seeds();
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < opts.count; i++) {
    const { files, file } = mutate(seeds[i % seeds.length]!, new Rng(opts.seed + i));
    post({ type: 'mutant', index: i, file });
    try {
      const result = await target.parse(files);
      const problem = target.check ? target.check(result) : null;
      accepted++;
      if (problem) post({ type: 'accepted-bad', index: i, file, detail: problem });
    } catch (err) {
      rejected++;
      if (isCrash(err, isCapError)) post({ type: 'crash', index: i, file, detail: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n')}` : String(err) });
    }
  }
  post({ type: 'done', accepted, rejected });
}
