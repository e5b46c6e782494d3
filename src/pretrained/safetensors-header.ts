// A safetensors file's header read through a ModelFolder: only the first 8 + N bytes, checked
// completely (names, dtypes, shapes, offsets tiling the data section, the file's size) before a
// single tensor is read. Tensors are then read one at a time as float32 from F32, F16 or BF16.
// Leaves out integer and 8-bit float dtypes for weights (such tensors can be skipped, not read).
// Spec: https://github.com/huggingface/safetensors#format
import { firstInvalidUtf8, utf8Decode } from '../data/utf8.ts';
import { PretrainedError, type ModelFolder } from './folder.ts';

export interface TensorEntry {
  name: string;
  /** The file holding it (a shard's name for sharded weights). */
  file: string;
  dtype: string;
  shape: number[];
  /** Absolute byte range in the file. */
  begin: number;
  end: number;
}

const BYTES: Record<string, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1, F8_E4M3: 1, F8_E5M2: 1,
};
/** The dtypes read as float32. */
export const FLOAT_DTYPES = ['F32', 'F16', 'BF16'];
const MAX_HEADER = 100_000_000;

const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.every((d) => Number.isSafeInteger(d) && d >= 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

function entry(file: string, name: string, v: unknown, dataStart: number): TensorEntry {
  const bad = (what: string) => new PretrainedError(`${file}: tensor "${name}" ${what}`);
  if (!isObject(v)) throw bad('is not an object of dtype, shape and data_offsets');
  const { dtype, shape, data_offsets: offsets } = v;
  if (typeof dtype !== 'string' || !(dtype in BYTES)) throw bad(`has an unknown dtype ${JSON.stringify(dtype)}`);
  if (!isShape(shape)) throw bad(`has a bad shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw bad(`has bad data_offsets ${JSON.stringify(offsets)}`);
  }
  const [b, e] = offsets as [number, number];
  const count = shape.reduce((p, d) => p * d, 1);
  if (e - b !== count * BYTES[dtype]!) throw bad(`has ${e - b} bytes for shape ${fmt(shape)} of ${dtype} (expected ${count * BYTES[dtype]!})`);
  return { name, file, dtype, shape, begin: dataStart + b, end: dataStart + e };
}

/** Entries must tile the data section exactly (as the spec requires), ending at the file's end. */
function checkLayout(file: string, entries: TensorEntry[], dataStart: number, fileSize: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = dataStart;
  for (const e of sorted) {
    if (e.begin !== at) throw new PretrainedError(`${file}: tensor "${e.name}" starts at byte ${e.begin}, expected ${at} (overlapping or uncovered data)`);
    at = e.end;
  }
  if (at !== fileSize) throw new PretrainedError(`${file}: the tensors end at byte ${at} but the file has ${fileSize} bytes (truncated or padded?)`);
}

/** Every tensor entry of one safetensors file, validated against its size; reads only the header. */
export async function readSafetensorsHeader(folder: ModelFolder, file: string): Promise<TensorEntry[]> {
  const size = folder.size(file);
  if (size < 8) throw new PretrainedError(`${file} is ${size} bytes, too short for a safetensors header`);
  const lenBytes = await folder.read(file, 0, 8);
  const n = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw new PretrainedError(`${file}: header length ${n} is over the limit of ${MAX_HEADER} bytes`);
  if (8n + n > BigInt(size)) throw new PretrainedError(`${file}: header length ${n} runs past the end of the ${size}-byte file (truncated?)`);
  const raw = await folder.read(file, 8, 8 + Number(n));
  if (firstInvalidUtf8(raw) >= 0 || raw[0] !== 0x7b) throw new PretrainedError(`${file}: the header is not a UTF-8 JSON object (not a safetensors file?)`);
  let header: unknown;
  try {
    header = JSON.parse(utf8Decode(raw));
  } catch (err) {
    throw new PretrainedError(`${file}: malformed header: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(header)) throw new PretrainedError(`${file}: the header must be a JSON object`);
  const dataStart = 8 + Number(n);
  const entries = Object.entries(header).filter(([k]) => k !== '__metadata__').map(([k, v]) => entry(file, k, v, dataStart));
  checkLayout(file, entries, dataStart, size);
  return entries;
}

const f16Table = (() => {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    t[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return t;
})();

/** Little-endian F32/F16/BF16 bytes as float32 values (F32 bytes at an aligned offset are used in place). */
export function toFloat32(bytes: Uint8Array, dtype: string): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'F32') {
    if (bytes.byteOffset % 4 === 0 && new Uint8Array(Uint32Array.of(1).buffer)[0] === 1) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
  }
  const out = new Float32Array(bytes.byteLength / 2);
  if (dtype === 'F16') for (let i = 0; i < out.length; i++) out[i] = f16Table[view.getUint16(2 * i, true)]!;
  else if (dtype === 'BF16') {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < out.length; i++) bits[i] = view.getUint16(2 * i, true) << 16;
  } else throw new PretrainedError(`dtype ${dtype} cannot be read as weights (F32, F16 and BF16 can)`);
  return out;
}
