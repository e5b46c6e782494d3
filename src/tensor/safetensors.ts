// The safetensors format (Hugging Face): u64 little-endian header length N, N bytes of UTF-8 JSON
// { name: { dtype, shape, data_offsets }, __metadata__ } padded with spaces, then little-endian data.
// F32 and I32 only; no lazy or memory-mapped reads. Spec: https://github.com/huggingface/safetensors#format
import { firstInvalidUtf8, utf8Decode, utf8Encode } from '../data/utf8.ts';

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

/** The largest header the reference implementation accepts. */
const MAX_HEADER = 100_000_000;
/** Both supported dtypes are 4 bytes wide. */
const DTYPE_SIZE = 4;
const LITTLE_ENDIAN_HOST = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

const fmt = (shape: number[]) => `[${shape.join(', ')}]`;
const product = (shape: number[]) => shape.reduce((p, d) => p * d, 1);
const isDType = (d: unknown): d is SafeDType => d === 'F32' || d === 'I32';
const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.every((d) => Number.isSafeInteger(d) && d >= 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function dtypeError(name: string, dtype: unknown): SafetensorsError {
  return new SafetensorsError(`tensor "${name}" has dtype ${String(JSON.stringify(dtype))}; only F32 and I32 are supported`);
}

/** Copies 4-byte elements between native and little-endian order (a plain copy on little-endian hosts). */
function copyLittleEndian(dst: Uint8Array, src: Uint8Array): void {
  dst.set(src);
  if (!LITTLE_ENDIAN_HOST) for (let i = 0; i < dst.length; i += 4) dst.subarray(i, i + 4).reverse();
}

function checkArray(a: NamedArray, seen: Set<string>): void {
  if (a.name === '__metadata__') throw new SafetensorsError('tensor name "__metadata__" is reserved for the metadata');
  if (seen.has(a.name)) throw new SafetensorsError(`tensor name "${a.name}" appears twice`);
  seen.add(a.name);
  if (!isDType(a.dtype)) throw dtypeError(a.name, a.dtype);
  const expected = a.dtype === 'F32' ? Float32Array : Int32Array;
  if (!(a.data instanceof expected)) throw new SafetensorsError(`tensor "${a.name}" is ${a.dtype} but its data is a ${a.data.constructor.name}`);
  if (!isShape(a.shape)) throw new SafetensorsError(`tensor "${a.name}" has a bad shape ${JSON.stringify(a.shape)}`);
  if (product(a.shape) !== a.data.length) {
    throw new SafetensorsError(`tensor "${a.name}" has ${a.data.length} values for shape ${fmt(a.shape)} (expected ${product(a.shape)})`);
  }
}

/** A safetensors file holding `arrays` in the given order, and `metadata` when it has any entries. */
export function writeSafetensors(arrays: NamedArray[], metadata: Record<string, string> = {}): Uint8Array {
  const fields: string[] = [];
  if (Object.keys(metadata).length > 0) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') throw new SafetensorsError(`metadata "${key}" is a ${typeof value}, not a string`);
    }
    fields.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  const seen = new Set<string>();
  let offset = 0;
  for (const a of arrays) {
    checkArray(a, seen);
    const info = { dtype: a.dtype, shape: a.shape, data_offsets: [offset, offset + a.data.byteLength] };
    fields.push(`${JSON.stringify(a.name)}:${JSON.stringify(info)}`);
    offset += a.data.byteLength;
  }
  const json = utf8Encode(`{${fields.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const a of arrays) {
    copyLittleEndian(out.subarray(at, at + a.data.byteLength), new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength));
    at += a.data.byteLength;
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

function headerJson(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw new SafetensorsError(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw new SafetensorsError(`header length ${n} is over the limit of ${MAX_HEADER} bytes`);
  if (8n + n > BigInt(bytes.length)) throw new SafetensorsError(`header length ${n} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  const raw = bytes.subarray(8, 8 + Number(n));
  const bad = firstInvalidUtf8(raw);
  if (bad >= 0) throw new SafetensorsError(`truncated or malformed header: invalid UTF-8 at header byte ${bad}`);
  if (raw[0] !== 0x7b) throw new SafetensorsError(`truncated or malformed header: it does not start with "{"`);
  try {
    return { header: JSON.parse(utf8Decode(raw)) as Record<string, unknown>, dataStart: 8 + Number(n) };
  } catch (err) {
    throw new SafetensorsError(`truncated or malformed header: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parseEntry(name: string, value: unknown): Entry {
  if (!isObject(value)) throw new SafetensorsError(`tensor "${name}" is ${JSON.stringify(value)}, not an object of dtype, shape and data_offsets`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (!isDType(dtype)) throw dtypeError(name, dtype);
  if (!isShape(shape)) throw new SafetensorsError(`tensor "${name}" has a bad shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw new SafetensorsError(`tensor "${name}" has bad data_offsets ${JSON.stringify(offsets)} (want [begin, end] with 0 ≤ begin ≤ end)`);
  }
  const [begin, end] = offsets as [number, number];
  const expected = product(shape) * DTYPE_SIZE;
  if (end - begin !== expected) {
    throw new SafetensorsError(`tensor "${name}" has ${end - begin} bytes for shape ${fmt(shape)} of ${dtype} (expected ${expected})`);
  }
  return { name, dtype, shape, begin, end };
}

function parseMetadata(value: unknown): Record<string, string> {
  if (!isObject(value)) throw new SafetensorsError(`"__metadata__" must be an object of strings, not ${JSON.stringify(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new SafetensorsError(`"__metadata__" must be an object of strings; "${key}" is ${JSON.stringify(v)}`);
  }
  return Object.fromEntries(Object.entries(value)) as Record<string, string>;
}

/** Entries in data order, after checking they tile the data section exactly, as the spec requires. */
function checkLayout(entries: Entry[], dataBytes: number): Entry[] {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let previous: Entry | undefined;
  for (const e of sorted) {
    if (e.end > dataBytes) throw new SafetensorsError(`tensor "${e.name}" spans bytes ${e.begin}…${e.end}, past the ${dataBytes}-byte data section`);
    if (e.begin < at) {
      throw new SafetensorsError(`tensor "${e.name}" (bytes ${e.begin}…${e.end}) overlaps tensor "${previous!.name}" (bytes ${previous!.begin}…${previous!.end})`);
    }
    if (e.begin > at) throw new SafetensorsError(`bytes ${at}…${e.begin} of the data section belong to no tensor (the data must be fully covered)`);
    at = e.end;
    previous = e;
  }
  if (at !== dataBytes) throw new SafetensorsError(`bytes ${at}…${dataBytes} at the end of the data section belong to no tensor (the data must be fully covered)`);
  return sorted;
}

/** The tensors of a safetensors file in data order, and its metadata; validates everything before allocating. */
export function readSafetensors(bytes: Uint8Array): { arrays: NamedArray[]; metadata: Record<string, string> } {
  const { header, dataStart } = headerJson(bytes);
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = parseMetadata(value);
    else entries.push(parseEntry(name, value));
  }
  const arrays = checkLayout(entries, bytes.length - dataStart).map((e): NamedArray => {
    const count = (e.end - e.begin) / DTYPE_SIZE;
    const data = e.dtype === 'F32' ? new Float32Array(count) : new Int32Array(count);
    copyLittleEndian(new Uint8Array(data.buffer), bytes.subarray(dataStart + e.begin, dataStart + e.end));
    return { name: e.name, dtype: e.dtype, shape: e.shape, data };
  });
  return { arrays, metadata };
}
