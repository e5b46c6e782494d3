// The KV cache for generation: per layer, the keys and values of every position seen so far,
// (B, H, T_past, D), so a new token attends to them without recomputing them — each new token
// costs O(T) instead of O(T²). Leaves out paging and sliding windows: the caller restarts the
// cache when the context is full.
import { persist, type Tensor } from '../../tensor/tensor.ts';
import { concat } from '../../tensor/ops/slice.ts';

export class KvCache {
  private readonly keys: (Tensor | null)[];
  private readonly values: (Tensor | null)[];
  /** Positions cached so far. */
  length = 0;

  constructor(readonly layers: number) {
    this.keys = new Array<Tensor | null>(layers).fill(null);
    this.values = new Array<Tensor | null>(layers).fill(null);
  }

  /** Appends this step's k, v (B, H, T, D) for a layer; returns all of them (B, H, T_past + T, D). */
  append(layer: number, k: Tensor, v: Tensor): [Tensor, Tensor] {
    const pk = this.keys[layer] ?? null;
    const pv = this.values[layer] ?? null;
    const ak = persist(pk ? concat([pk, k], 2) : k);
    const av = persist(pv ? concat([pv, v], 2) : v);
    pk?.dispose();
    pv?.dispose();
    this.keys[layer] = ak;
    this.values[layer] = av;
    return [ak, av];
  }

  /** Called by the model once every layer has appended T positions. */
  advance(t: number): void {
    this.length += t;
  }

  dispose(): void {
    for (const t of [...this.keys, ...this.values]) t?.dispose();
    this.keys.fill(null);
    this.values.fill(null);
    this.length = 0;
  }
}
