// The Attention page's maps for an added pretrained decoder, in a worker thread: the text's
// tokens (with <s> when the tokenizer puts it first) and every layer's and head's T × T map.
// Leaves out encoders (refused by name). Reference: compare.ts (the same maps, side by side).
import type { AttentionResponse } from '../../../src/contract/gpt.ts';
import { loadPretrained } from '../../../src/pretrained/load.ts';
import { createCpuBackend } from '../../../src/tensor/cpu.ts';
import { nodeModelFolder } from '../models/node-folder.ts';
import { attentionMaps } from './compare.ts';

export async function run(input: { folder: string; label: string; text: string }): Promise<AttentionResponse> {
  const loaded = await loadPretrained(createCpuBackend(), nodeModelFolder(input.folder));
  try {
    if (loaded.family === 'bert') throw new Error(`${input.label} is an encoder (${loaded.architecture}); this view shows decoders' maps`);
    if (!loaded.tokenizer) throw new Error(`${input.label} has no tokenizer.json`);
    const ids = Array.from(loaded.tokenizer.encodeWithSpecials(input.text)).slice(0, Math.min(256, loaded.model.config.contextLength));
    if (ids.length === 0) throw new Error('the text gives no tokens');
    const maps = (await attentionMaps(loaded.model, ids, loaded.tokenizer.tokenStrings(ids)))!;
    return { tokens: maps.tokens, layers: maps.layers, heads: maps.heads, maps: maps.maps };
  } finally {
    loaded.model.dispose();
  }
}
