// A GPT-2 folder in the Hugging Face hub's exact layout, with random weights, for loader tests:
// config.json with gpt2's fields, model.safetensors with the hub's names (no `transformer.`
// prefix, the attn.bias causal-mask buffers, no lm_head), optionally prefixed or sharded.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSafetensors, type NamedArray } from '../../../src/tensor/safetensors.ts';
import { Rng } from '../../../src/nn/random.ts';

export interface HubGpt2Sizes {
  vocab: number;
  positions: number;
  layers: number;
  heads: number;
  embd: number;
}

export function hubGpt2Config(s: HubGpt2Sizes): Record<string, unknown> {
  return {
    activation_function: 'gelu_new', architectures: ['GPT2LMHeadModel'], attn_pdrop: 0.1, bos_token_id: s.vocab - 1, embd_pdrop: 0.1,
    eos_token_id: s.vocab - 1, initializer_range: 0.02, layer_norm_epsilon: 1e-5, model_type: 'gpt2', n_ctx: s.positions, n_embd: s.embd,
    n_head: s.heads, n_layer: s.layers, n_positions: s.positions, resid_pdrop: 0.1, summary_activation: null, summary_first_dropout: 0.1,
    summary_proj_to_labels: true, summary_type: 'cls_index', summary_use_proj: true, task_specific_params: { 'text-generation': { do_sample: true, max_length: 50 } },
    vocab_size: s.vocab,
  };
}

/** The hub's tensors (names as in gpt2's model.safetensors) with random values. */
export function hubGpt2Tensors(s: HubGpt2Sizes, seed: number): NamedArray[] {
  const rng = new Rng(seed);
  const t = (name: string, shape: number[], kind: 'w' | 'ln' | 'b' = 'w'): NamedArray => ({
    name, dtype: 'F32', shape,
    data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (kind === 'ln' ? 1 + 0.3 * rng.normal() : (kind === 'b' ? 0.05 : 0.15) * rng.normal())),
  });
  const C = s.embd;
  const out = [t('wte.weight', [s.vocab, C]), t('wpe.weight', [s.positions, C])];
  const mask = Float32Array.from({ length: s.positions * s.positions }, (_, i) => (i % s.positions <= Math.floor(i / s.positions) ? 1 : 0));
  for (let i = 0; i < s.layers; i++) {
    out.push(
      { name: `h.${i}.attn.bias`, dtype: 'F32', shape: [1, 1, s.positions, s.positions], data: mask },
      t(`h.${i}.attn.c_attn.weight`, [C, 3 * C]), t(`h.${i}.attn.c_attn.bias`, [3 * C], 'b'),
      t(`h.${i}.attn.c_proj.weight`, [C, C]), t(`h.${i}.attn.c_proj.bias`, [C], 'b'),
      t(`h.${i}.ln_1.weight`, [C], 'ln'), t(`h.${i}.ln_1.bias`, [C], 'b'), t(`h.${i}.ln_2.weight`, [C], 'ln'), t(`h.${i}.ln_2.bias`, [C], 'b'),
      t(`h.${i}.mlp.c_fc.weight`, [C, 4 * C]), t(`h.${i}.mlp.c_fc.bias`, [4 * C], 'b'),
      t(`h.${i}.mlp.c_proj.weight`, [4 * C, C]), t(`h.${i}.mlp.c_proj.bias`, [C], 'b'),
    );
  }
  out.push(t('ln_f.weight', [C], 'ln'), t('ln_f.bias', [C], 'b'));
  return out;
}

export type Layout = 'hub' | 'prefixed' | 'sharded';

/** Writes the folder; 'prefixed' names tensors `transformer.…` and adds the tied lm_head, 'sharded' splits them in two files with an index. */
export function writeHubGpt2(dir: string, s: HubGpt2Sizes, seed: number, layout: Layout): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(hubGpt2Config(s), null, 2));
  let tensors = hubGpt2Tensors(s, seed);
  if (layout === 'prefixed') tensors = [...tensors.map((a) => ({ ...a, name: `transformer.${a.name}` })), { ...tensors[0]!, name: 'lm_head.weight' }];
  if (layout !== 'sharded') {
    writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(tensors, { format: 'pt' }));
    return;
  }
  const half = Math.ceil(tensors.length / 2);
  const shards = [tensors.slice(0, half), tensors.slice(half)];
  const names = shards.map((_, i) => `model-0000${i + 1}-of-00002.safetensors`);
  shards.forEach((sh, i) => writeFileSync(join(dir, names[i]!), writeSafetensors(sh, { format: 'pt' })));
  const weightMap = Object.fromEntries(shards.flatMap((sh, i) => sh.map((a) => [a.name, names[i]!])));
  writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }));
}
