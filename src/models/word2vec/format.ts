// word2vec's own vector files, as word2vec.c writes them and gensim's KeyedVectors reads them:
// text ("V D" header, then "word v1 … vD" per line) and binary (the same header line, then per
// word its bytes, a space, D little-endian float32 and a newline). Readers check the header
// against the bytes before they allocate the matrix, so a lying or cut file is a clear error;
// words must be unique, non-empty and free of control characters, and every component finite.
import { firstInvalidUtf8, utf8Decode, utf8Encode } from '../../data/utf8.ts';
import { KeyedVectors } from './keyed-vectors.ts';
import { Word2VecError } from './vocab.ts';

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(7).replace(/\.?0+$/, '').replace(/\.?0+e/, 'e'));

export function toWord2VecText(kv: KeyedVectors): string {
  const D = kv.dim;
  const lines = [`${kv.words.length} ${D}`];
  kv.words.forEach((w, i) => lines.push(`${w} ${Array.from(kv.vectors.subarray(i * D, (i + 1) * D), fmt).join(' ')}`));
  return `${lines.join('\n')}\n`;
}

export function toWord2VecBinary(kv: KeyedVectors): Uint8Array {
  const D = kv.dim;
  const head = utf8Encode(`${kv.words.length} ${D}\n`);
  const names = kv.words.map((w) => utf8Encode(`${w} `));
  const size = head.length + names.reduce((a, n) => a + n.length + 4 * D + 1, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(head, 0);
  let o = head.length;
  kv.words.forEach((_, i) => {
    out.set(names[i]!, o);
    o += names[i]!.length;
    for (let k = 0; k < D; k++, o += 4) view.setFloat32(o, kv.vectors[i * D + k]!, true);
    out[o++] = 10;
  });
  return out;
}

function header(line: string, what: string): [number, number] {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
  if (!m) throw new Word2VecError(`${what}: the first line must be "<vocabulary size> <dimensions>", got ${JSON.stringify(line.slice(0, 60))}`);
  const [V, D] = [Number(m[1]), Number(m[2])];
  if (V < 1 || D < 1) throw new Word2VecError(`${what}: the header says ${V} words of ${D} dimensions; both must be ≥ 1`);
  return [V, D];
}

/** Refuses a word a vector file must not hold: empty, with control characters, or seen before. */
function checkWord(word: string, entry: number, seen: Map<string, number>, what: string): void {
  if (word.length === 0) throw new Word2VecError(`${what}: entry ${entry} has an empty word`);
  if (/[\u0000-\u001f\u007f]/.test(word)) throw new Word2VecError(`${what}: entry ${entry}'s word ${JSON.stringify(word)} contains control characters`);
  const first = seen.get(word);
  if (first !== undefined) throw new Word2VecError(`${what}: the word ${JSON.stringify(word)} appears twice (entries ${first} and ${entry})`);
  seen.set(word, entry);
}

/** Reads the text format from a string or from its bytes (which must be valid UTF-8). */
export function fromWord2VecText(input: string | Uint8Array): KeyedVectors {
  if (typeof input !== 'string') {
    const bad = firstInvalidUtf8(input);
    if (bad >= 0) throw new Word2VecError(`word2vec text: not valid UTF-8 at byte ${bad}`);
  }
  const text = typeof input === 'string' ? input : utf8Decode(input);
  const lines = text.split('\n').filter((l, i, all) => l.length > 0 || i < all.length - 1);
  const [V, D] = header(lines[0] ?? '', 'word2vec text');
  if (lines.length - 1 !== V) throw new Word2VecError(`word2vec text: the header says ${V} words but the file has ${lines.length - 1} vector lines (truncated?)`);
  // Each number takes at least a digit and a space: check before allocating V·D floats.
  if (V * D * 2 > text.length) throw new Word2VecError(`word2vec text: the header says ${V} words of ${D} dimensions, more numbers than the ${text.length}-character file can hold`);
  const words: string[] = [];
  const seen = new Map<string, number>();
  const vectors = new Float32Array(V * D);
  for (let i = 0; i < V; i++) {
    const parts = lines[i + 1]!.trimEnd().split(' ');
    if (parts.length !== D + 1) throw new Word2VecError(`word2vec text: line ${i + 2} has ${parts.length - 1} numbers, the header says ${D}`);
    checkWord(parts[0]!, i + 1, seen, 'word2vec text');
    words.push(parts[0]!);
    for (let k = 0; k < D; k++) {
      const v = Number(parts[k + 1]);
      if (!Number.isFinite(v)) throw new Word2VecError(`word2vec text: line ${i + 2} has ${JSON.stringify(parts[k + 1])}, not a number`);
      vectors[i * D + k] = v;
    }
  }
  return new KeyedVectors(words, vectors, D);
}

export function fromWord2VecBinary(bytes: Uint8Array): KeyedVectors {
  const nl = bytes.indexOf(10);
  if (nl < 0 || nl > 100) throw new Word2VecError('word2vec binary: no header line');
  const [V, D] = header(utf8Decode(bytes.subarray(0, nl)), 'word2vec binary');
  // Each entry is at least one byte of word, a space, 4·D bytes: check before allocating.
  if (bytes.length - nl - 1 < V * (2 + 4 * D)) throw new Word2VecError(`word2vec binary: the header says ${V} words of ${D} dimensions, which needs at least ${V * (2 + 4 * D)} bytes; the file has ${bytes.length - nl - 1} (truncated, or the header lies)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words: string[] = [];
  const seen = new Map<string, number>();
  const vectors = new Float32Array(V * D);
  let o = nl + 1;
  for (let i = 0; i < V; i++) {
    while (o < bytes.length && bytes[o] === 10) o++;
    const space = bytes.indexOf(32, o);
    if (space < 0 || space - o > 1000) throw new Word2VecError(`word2vec binary: entry ${i + 1} has no word (truncated?)`);
    const name = bytes.subarray(o, space);
    if (firstInvalidUtf8(name) >= 0) throw new Word2VecError(`word2vec binary: entry ${i + 1}'s word is not valid UTF-8`);
    const word = utf8Decode(name);
    checkWord(word, i + 1, seen, 'word2vec binary');
    words.push(word);
    o = space + 1;
    if (o + 4 * D > bytes.length) throw new Word2VecError(`word2vec binary: the vector of entry ${i + 1} is cut off (truncated file)`);
    for (let k = 0; k < D; k++, o += 4) {
      const v = view.getFloat32(o, true);
      if (!Number.isFinite(v)) throw new Word2VecError(`word2vec binary: component ${k + 1} of ${JSON.stringify(word)} is ${v}`);
      vectors[i * D + k] = v;
    }
  }
  return new KeyedVectors(words, vectors, D);
}
