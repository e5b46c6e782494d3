// Attention maps of a text: every layer's and head's probabilities (T × T, row = query, column =
// key), with the token labels, for the Attention page. Runs one forward pass in eval mode
// without gradients. Leaves out batching several texts.
import { fromArray, noGrad, scope } from '../../tensor/tensor.ts';
import type { TokenCodec } from '../../tokenizers/codec.ts';
import type { GPT } from './gpt.ts';

export interface AttentionMaps {
  tokens: string[];
  layers: number;
  heads: number;
  /** maps[layer][head]: T × T row-major; row i sums to 1 and is 0 right of the diagonal. */
  maps: Float32Array[][];
}

export async function attentionMaps(model: GPT, codec: TokenCodec, text: string): Promise<AttentionMaps> {
  const all = codec.encode(text);
  if (all.length === 0) throw new Error('the text is empty: type something to see its attention');
  const ids = all.slice(0, model.config.contextLength);
  const T = ids.length;
  const wasTraining = model.training;
  model.eval();
  const probs = scope(() =>
    noGrad(() => model.forward(fromArray(model.backend, ids, [1, T], 'int32'), undefined, { attention: true }).attention!),
  );
  model.train(wasTraining);
  const { nLayer: L, nHead: H } = model.config;
  try {
    const maps = await Promise.all(
      probs.map(async (p) => {
        const data = (await p.data()) as Float32Array; // (1, H, T, T)
        return Array.from({ length: H }, (_, h) => data.slice(h * T * T, (h + 1) * T * T));
      }),
    );
    return { tokens: codec.tokenStrings(ids), layers: L, heads: H, maps };
  } finally {
    for (const p of probs) p.dispose();
  }
}

/** Entropy (nats) of each head's attention, averaged over query positions: low = sharp heads. */
export function headEntropy(map: Float32Array, T: number): number {
  let total = 0;
  for (let i = 0; i < T; i++) {
    let h = 0;
    for (let j = 0; j <= i; j++) {
      const p = map[i * T + j]!;
      if (p > 0) h -= p * Math.log(p);
    }
    total += h;
  }
  return total / T;
}
