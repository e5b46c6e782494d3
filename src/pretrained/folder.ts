// A model folder as the library sees it: the names of its files and byte ranges of them, read on
// demand, so a loader can validate headers first and then read one tensor at a time into its
// final buffer (the caller backs it with a file descriptor, fetch ranges, or bytes in memory).
// Leaves out writing. Reference: the Hugging Face hub's folder layout (config.json, tokenizer.json,
// model.safetensors or model.safetensors.index.json with its shards).
import { firstInvalidUtf8, utf8Decode } from '../data/utf8.ts';

export interface ModelFolder {
  /** File names relative to the folder ('config.json', 'onnx/model.onnx'). */
  readonly names: readonly string[];
  /** Size of a file in bytes (it must be one of `names`). */
  size(name: string): number;
  /** Bytes [begin, end) of a file, as a fresh array (its byteOffset 0). */
  read(name: string, begin: number, end: number): Promise<Uint8Array>;
}

export class PretrainedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PretrainedError';
  }
}

/** A folder over bytes already in memory (tests, the browser's file picker). */
export function folderFromBytes(files: Record<string, Uint8Array>): ModelFolder {
  return {
    names: Object.keys(files),
    size: (name) => {
      const f = files[name];
      if (!f) throw new PretrainedError(`the folder has no ${name}`);
      return f.length;
    },
    read: async (name, begin, end) => {
      const f = files[name];
      if (!f) throw new PretrainedError(`the folder has no ${name}`);
      if (!(begin >= 0 && end >= begin && end <= f.length)) throw new PretrainedError(`${name}: bytes ${begin}…${end} are outside its ${f.length} bytes`);
      return f.slice(begin, end);
    },
  };
}

export const hasFile = (folder: ModelFolder, name: string) => folder.names.includes(name);

/** The largest text file (config, tokenizer, shard index) read whole: 64 MiB. */
const MAX_TEXT = 64 * 1024 * 1024;

export async function readText(folder: ModelFolder, name: string): Promise<string> {
  if (!hasFile(folder, name)) throw new PretrainedError(`the folder has no ${name}`);
  const size = folder.size(name);
  if (size > MAX_TEXT) throw new PretrainedError(`${name} is ${size} bytes; text files over ${MAX_TEXT} bytes are refused`);
  const bytes = await folder.read(name, 0, size);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new PretrainedError(`${name} is not valid UTF-8 (byte ${bad})`);
  return utf8Decode(bytes);
}

export async function readJson(folder: ModelFolder, name: string): Promise<Record<string, unknown>> {
  const text = await readText(folder, name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PretrainedError(`${name} is truncated or malformed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new PretrainedError(`${name} must be a JSON object`);
  return json as Record<string, unknown>;
}
