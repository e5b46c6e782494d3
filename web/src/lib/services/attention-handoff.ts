// A request for the Attention page from another page (the Few-shot page's attention-to-examples
// heatmap): which saved run, which text, which layer and head; the Attention page takes it once
// when it loads and shows those maps. Leaves out models the Attention page cannot open.
export interface AttentionAsk {
  source: string;
  text: string;
  layer: number;
  head: number;
  /** The query position in focus (clamped to the text's last token). */
  query: number;
}

let pending: AttentionAsk | null = null;

/** Opens the Attention page on these maps. */
export function askAttention(ask: AttentionAsk): void {
  pending = ask;
  location.hash = '#/attention';
}

export function takeAttentionAsk(): AttentionAsk | null {
  const ask = pending;
  pending = null;
  return ask;
}
