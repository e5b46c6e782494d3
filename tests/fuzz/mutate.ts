// Seeded mutators for parser fuzzing: byte-level (flip, set, cut, insert, repeat a chunk) and,
// for JSON inputs, structural ones (numbers made huge, negative, fractional or strings; keys
// dropped; values swapped). No coverage guidance: a plain random walk from valid inputs.
import { Rng } from '../../src/nn/random.ts';

const INTERESTING_BYTES = [0, 1, 0x7f, 0x80, 0xff, 0x20, 0x0a, 0x22, 0x2d, 0x30, 0x39, 0x7b, 0x7d, 0xc3, 0xe2];
const INTERESTING_NUMBERS = [0, -1, 1, 2 ** 31 - 1, 2 ** 32, 4e9, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2];
const INTERESTING_VALUES: unknown[] = [null, true, '', 'NaN', 'Infinity', [], {}, '\u0000', 'a'.repeat(300)];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
const int = (rng: Rng, n: number) => Math.floor(rng.next() * n);

/** One random byte-level change of `input` (a new array). */
export function mutateBytes(input: Uint8Array, rng: Rng): Uint8Array {
  const n = input.length;
  const at = int(rng, Math.max(1, n));
  switch (int(rng, 6)) {
    case 0: {
      const out = input.slice();
      if (n) out[at] = out[at]! ^ (1 << int(rng, 8));
      return out;
    }
    case 1: {
      const out = input.slice();
      if (n) out[at] = pick(rng, INTERESTING_BYTES);
      return out;
    }
    case 2:
      return input.slice(0, at);
    case 3: {
      const extra = Uint8Array.from({ length: 1 + int(rng, 8) }, () => (rng.next() < 0.5 ? pick(rng, INTERESTING_BYTES) : int(rng, 256)));
      return concat(input.subarray(0, at), extra, input.subarray(at));
    }
    case 4: {
      const len = 1 + int(rng, Math.min(64, Math.max(1, n - at)));
      return concat(input.subarray(0, at + len), input.subarray(at, at + len), input.subarray(at + len));
    }
    default: {
      const out = input.slice();
      const len = int(rng, Math.min(16, n - at + 1));
      out.fill(pick(rng, INTERESTING_BYTES), at, at + len);
      return out;
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Every (container, key) pair of a parsed JSON value, depth first. */
function slots(v: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), slots(x, out)));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([v as Record<string, unknown>, k]), slots(x, out);
  return out;
}

/** One random structural change of a JSON document (a new value). */
export function mutateJson(value: unknown, rng: Rng): unknown {
  const copy = structuredClone(value);
  const all = slots(copy);
  if (all.length === 0) return pick(rng, INTERESTING_VALUES);
  const [box, key] = pick(rng, all);
  const rec = box as Record<string | number, unknown>;
  const old = rec[key];
  switch (int(rng, 5)) {
    case 0:
      rec[key] = typeof old === 'number' ? pick(rng, INTERESTING_NUMBERS) * (rng.next() < 0.5 ? 1 : Math.max(1, Math.abs(old))) : pick(rng, INTERESTING_NUMBERS);
      break;
    case 1:
      rec[key] = pick(rng, INTERESTING_VALUES);
      break;
    case 2:
      if (Array.isArray(box)) box.splice(key as number, 1);
      else delete rec[key];
      break;
    case 3:
      rec[key] = typeof old === 'number' ? String(old) : typeof old === 'string' ? Number(old.length) : old === null ? 0 : JSON.stringify(old);
      break;
    default: {
      const [box2, key2] = pick(rng, all);
      rec[key] = structuredClone((box2 as Record<string | number, unknown>)[key2]);
    }
  }
  return copy;
}
