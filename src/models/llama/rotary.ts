// Rotary position embeddings (Su et al. 2021) in Hugging Face's rotate-half layout: a head's
// dimensions are two halves (x1, x2), and dimension i of each half turns by angle p·θ^(−2i/D) at
// position p: x·cos + rotate_half(x)·sin with rotate_half(x) = (−x2, x1). The cos/sin rows are
// made per call for the positions it covers (no table sized by the context length).
// Reference: transformers' modeling_llama.py (LlamaRotaryEmbedding, apply_rotary_pos_emb).
import type { Backend } from '../../tensor/backend.ts';
import { fromArray, type Tensor } from '../../tensor/tensor.ts';
import { add, mul } from '../../tensor/ops/binary.ts';
import { neg } from '../../tensor/ops/unary.ts';
import { concat, slice } from '../../tensor/ops/slice.ts';

export interface Rotary {
  cos: Tensor; // (T, D)
  sin: Tensor; // (T, D)
}

/** cos and sin (T, D) for positions offset … offset+T−1, each half of D repeating the D/2 frequencies. */
export function rotaryTables(backend: Backend, offset: number, T: number, D: number, theta: number): Rotary {
  const half = D / 2;
  const cos = new Float32Array(T * D);
  const sin = new Float32Array(T * D);
  for (let i = 0; i < half; i++) {
    const invFreq = Math.fround(1 / theta ** ((2 * i) / D)); // float32, as the reference computes it
    for (let t = 0; t < T; t++) {
      const angle = Math.fround((offset + t) * invFreq);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[t * D + i] = cos[t * D + half + i] = c;
      sin[t * D + i] = sin[t * D + half + i] = s;
    }
  }
  return { cos: fromArray(backend, cos, [T, D]), sin: fromArray(backend, sin, [T, D]) };
}

/** x (B, H, T, D) turned by the rotary tables (T, D). */
export function applyRotary(x: Tensor, r: Rotary): Tensor {
  const [B, H, T, D] = x.shape as [number, number, number, number];
  const half = D / 2;
  const x1 = slice(x, [0, 0, 0, 0], [B, H, T, half]);
  const x2 = slice(x, [0, 0, 0, half], [B, H, T, half]);
  const rotated = concat([neg(x2), x1], 3);
  return add(mul(x, r.cos), mul(rotated, r.sin));
}
