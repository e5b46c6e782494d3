// The safetensors format (Hugging Face): 8-byte little-endian header length, a JSON header of
// { name: { dtype, shape, data_offsets } , __metadata__ }, then the raw little-endian data.
// Reading validates the whole header before it allocates anything. F32 and I32 only.
import { utf8Decode, utf8Encode } from '../data/utf8.ts';

export type SafeDType = 'F32' | 'I32';

export interface NamedArray {
  name: string;
  dtype: SafeDType;
  shape: number[];
  data: Float32Array | Int32Array;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`safetensors: ${message}`);
    this.name = 'SafetensorsError';
  }
}

const MAX_HEADER = 100 * 1024 * 1024;
const fmt = (s: number[]) => `[${s.join(', ')}]`;

export function writeSafetensors(arrays: NamedArray[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const a of arrays) {
    if (a.name === '__metadata__' || a.name in header) throw new SafetensorsError(`tensor name "${a.name}" is reserved or repeated`);
    const n = a.shape.reduce((p, d) => p * d, 1);
    if (n !== a.data.length) throw new SafetensorsError(`tensor "${a.name}" has ${a.data.length} values for shape ${fmt(a.shape)}`);
    header[a.name] = { dtype: a.dtype, shape: a.shape, data_offsets: [offset, offset + n * 4] };
    offset += n * 4;
  }
  let json = utf8Encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  json = json.concat(new Array<number>(pad).fill(0x20));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const a of arrays) {
    for (let i = 0; i < a.data.length; i++, at += 4) {
      if (a.dtype === 'F32') view.setFloat32(at, a.data[i]!, true);
      else view.setInt32(at, a.data[i]!, true);
    }
  }
  return out;
}

interface Entry {
  name: string;
  dtype: SafeDType;
  shape: number[];
  begin: number;
  end: number;
}

function parseHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string>; dataStart: number } {
  if (bytes.length < 8) throw new SafetensorsError(`file is ${bytes.length} bytes: too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw new SafetensorsError(`header length ${n} is over the limit of ${MAX_HEADER} bytes`);
  if (8n + n > BigInt(bytes.length)) throw new SafetensorsError(`header length ${n} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  let header: unknown;
  try {
    header = JSON.parse(utf8Decode(bytes.subarray(8, 8 + Number(n))));
  } catch (err) {
    throw new SafetensorsError(`truncated or malformed header: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError('header is not a JSON object');
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (!value || typeof value !== 'object' || Object.values(value).some((v) => typeof v !== 'string')) {
        throw new SafetensorsError('"__metadata__" must be an object of strings');
      }
      Object.assign(metadata, value);
      continue;
    }
    entries.push(parseEntry(name, value));
  }
  return { entries, metadata, dataStart: 8 + Number(n) };
}

function parseEntry(name: string, value: unknown): Entry {
  const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (v.dtype !== 'F32' && v.dtype !== 'I32') throw new SafetensorsError(`tensor "${name}" has dtype ${JSON.stringify(v.dtype)}; only F32 and I32 are supported`);
  const shape = v.shape;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new SafetensorsError(`tensor "${name}" has a bad shape ${JSON.stringify(shape)}`);
  const offs = v.data_offsets;
  if (!Array.isArray(offs) || offs.length !== 2 || offs.some((o) => !Number.isSafeInteger(o) || o < 0) || offs[0] > offs[1]) {
    throw new SafetensorsError(`tensor "${name}" has bad data_offsets ${JSON.stringify(offs)}`);
  }
  const expected = (shape as number[]).reduce((p, d) => p * d, 1) * 4;
  if (offs[1] - offs[0] !== expected) {
    throw new SafetensorsError(`tensor "${name}" has ${offs[1] - offs[0]} bytes for shape ${fmt(shape as number[])} of ${v.dtype} (expected ${expected})`);
  }
  return { name, dtype: v.dtype, shape: shape as number[], begin: offs[0], end: offs[1] };
}

function checkLayout(entries: Entry[], dataBytes: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.end > dataBytes) throw new SafetensorsError(`tensor "${e.name}" spans bytes ${e.begin}…${e.end}, past the ${dataBytes}-byte data section`);
    if (e.begin < at) throw new SafetensorsError(`tensor "${e.name}" overlaps the tensor before it (starts at ${e.begin}, before ${at})`);
    if (e.begin > at) throw new SafetensorsError(`bytes ${at}…${e.begin} of the data section belong to no tensor`);
    at = e.end;
  }
  if (at !== dataBytes) throw new SafetensorsError(`bytes ${at}…${dataBytes} at the end of the data section belong to no tensor`);
}

export function readSafetensors(bytes: Uint8Array): { arrays: NamedArray[]; metadata: Record<string, string> } {
  const { entries, metadata, dataStart } = parseHeader(bytes);
  checkLayout(entries, bytes.length - dataStart);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const arrays = entries.map((e): NamedArray => {
    const count = (e.end - e.begin) / 4;
    const data = e.dtype === 'F32' ? new Float32Array(count) : new Int32Array(count);
    const base = dataStart + e.begin;
    for (let i = 0; i < count; i++) data[i] = e.dtype === 'F32' ? view.getFloat32(base + 4 * i, true) : view.getInt32(base + 4 * i, true);
    return { name: e.name, dtype: e.dtype, shape: e.shape, data };
  });
  return { arrays, metadata };
}
