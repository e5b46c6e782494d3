// The weights of a Hugging Face folder: model.safetensors, or model.safetensors.index.json and
// its shards, as one map of tensor entries (headers only, all checked), and reading one tensor as
// float32. pytorch_model.bin (a pickle, which can run code when loaded) is refused with the
// command that converts it. Reference: transformers' modeling_utils sharded checkpoints.
import { hasFile, PretrainedError, readJson, type ModelFolder } from './folder.ts';
import { FLOAT_DTYPES, readSafetensorsHeader, toFloat32, type TensorEntry } from './safetensors-header.ts';

export const SINGLE = 'model.safetensors';
export const INDEX = 'model.safetensors.index.json';
const PICKLES = ['pytorch_model.bin', 'pytorch_model.bin.index.json', 'model.pt', 'model.ckpt'];

/** The command that rewrites a pickled checkpoint as model.safetensors, for an architecture. */
export function conversionCommand(architecture: string): string {
  return `python3 -c "import transformers as t; t.${architecture}.from_pretrained('.').save_pretrained('.', safe_serialization=True)"  (run in the folder)`;
}

function shardName(v: unknown, tensor: string): string {
  if (typeof v !== 'string' || !/^[\w.-]+\.safetensors$/.test(v) || v.startsWith('.')) {
    throw new PretrainedError(`${INDEX}: weight_map["${tensor}"] is ${JSON.stringify(v)}, not a .safetensors file name in this folder`);
  }
  return v;
}

async function shardedEntries(folder: ModelFolder): Promise<TensorEntry[]> {
  const index = await readJson(folder, INDEX);
  const map = index.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new PretrainedError(`${INDEX}: weight_map must be an object of tensor → shard file`);
  const wanted = new Map(Object.entries(map).map(([t, f]) => [t, shardName(f, t)]));
  const shards = [...new Set(wanted.values())];
  const missing = shards.filter((s) => !hasFile(folder, s));
  if (missing.length) throw new PretrainedError(`${INDEX} names shards the folder lacks: ${missing.join(', ')}`);
  const entries: TensorEntry[] = [];
  for (const shard of shards) {
    for (const e of await readSafetensorsHeader(folder, shard)) {
      const listed = wanted.get(e.name);
      if (listed !== shard) throw new PretrainedError(`${shard} holds "${e.name}", which ${INDEX} ${listed ? `puts in ${listed}` : 'does not list'}`);
      entries.push(e);
    }
  }
  const found = new Set(entries.map((e) => e.name));
  const absent = [...wanted.keys()].filter((t) => !found.has(t));
  if (absent.length) throw new PretrainedError(`${INDEX} lists tensors no shard holds: ${absent.slice(0, 5).join(', ')}`);
  return entries;
}

/** Every tensor entry of the folder's weights by name, validated; refuses pickles and a missing file. */
export async function openWeights(folder: ModelFolder, architecture: string): Promise<Map<string, TensorEntry>> {
  let entries: TensorEntry[];
  if (hasFile(folder, SINGLE)) entries = await readSafetensorsHeader(folder, SINGLE);
  else if (hasFile(folder, INDEX)) entries = await shardedEntries(folder);
  else {
    const pickle = PICKLES.find((p) => hasFile(folder, p));
    if (pickle) throw new PretrainedError(`the folder has ${pickle} (a PyTorch pickle, which is not read: loading one can run code); convert it to ${SINGLE} with: ${conversionCommand(architecture)}`);
    throw new PretrainedError(`the folder has no ${SINGLE} or ${INDEX}`);
  }
  const byName = new Map<string, TensorEntry>();
  for (const e of entries) {
    if (byName.has(e.name)) throw new PretrainedError(`tensor "${e.name}" appears twice (${byName.get(e.name)!.file}, ${e.file})`);
    byName.set(e.name, e);
  }
  return byName;
}

/** One tensor's values as float32 (a fresh array, or the read bytes viewed in place for F32). */
export async function readTensor(folder: ModelFolder, e: TensorEntry): Promise<Float32Array> {
  if (!FLOAT_DTYPES.includes(e.dtype)) throw new PretrainedError(`tensor "${e.name}" is ${e.dtype}; weights must be F32, F16 or BF16`);
  return toFloat32(await folder.read(e.file, e.begin, e.end), e.dtype);
}
